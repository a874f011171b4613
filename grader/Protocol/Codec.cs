using System.Text;

namespace Course.Grader.Protocol;

/// <summary>Binary encoding of the messages in <see cref="LoadRequest"/> … <see cref="CallResult"/>.</summary>
public static class Codec
{
    private const int MaxItems = 1 << 20;
    private const int MaxString = 1 << 25;

    public static byte[] Encode(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) write(w);
        return buffer.ToArray();
    }

    public static T Decode<T>(byte[] payload, Func<BinaryReader, T> read)
    {
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        try
        {
            var value = read(r);
            if (r.BaseStream.Position != payload.Length) throw new ProtocolException("trailing bytes after a message");
            return value;
        }
        catch (EndOfStreamException) { throw new ProtocolException("a message ended early"); }
    }

    internal static int Count(BinaryReader r, int max = MaxItems)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > max) throw new ProtocolException($"a count of {n} is out of range");
        return n;
    }

    private static string Str(BinaryReader r)
    {
        int n = Count(r, MaxString);
        return Encoding.UTF8.GetString(r.ReadBytes(n));
    }

    private static void Str(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static void List<T>(BinaryWriter w, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items) write(w, item);
    }

    private static List<T> List<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        int n = Count(r);
        var list = new List<T>(Math.Min(n, 1024));
        for (int i = 0; i < n; i++) list.Add(read(r));
        return list;
    }

    // ---- load ----

    public static void Write(BinaryWriter w, LoadRequest m)
    {
        List(w, m.Cells, (w, c) => { w.Write(c.Index); Str(w, c.Code); });
        w.Write(m.AssemblyPath is not null);
        if (m.AssemblyPath is not null) Str(w, m.AssemblyPath);
        w.Write(m.AllowParallelism);
        w.Write(m.Ungated);
    }

    public static LoadRequest ReadLoadRequest(BinaryReader r) =>
        new(List(r, r => new SourceCell(r.ReadInt32(), Str(r))), r.ReadBoolean() ? Str(r) : null, r.ReadBoolean(), r.ReadBoolean());

    public static void Write(BinaryWriter w, LoadResult m)
    {
        List(w, m.Diagnostics, (w, d) =>
        {
            w.Write(d.Cell); w.Write(d.Line); w.Write(d.Column); w.Write(d.IsError); Str(w, d.Id); Str(w, d.Message); Opt(w, d.File);
        });
        List(w, m.FailedCells, (w, c) => w.Write(c));
    }

    public static LoadResult ReadLoadResult(BinaryReader r) => new(
        List(r, r => new Diagnostic(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(), Str(r), Str(r), Opt(r))),
        List(r, r => r.ReadInt32()));

    // ---- call ----

    public static void Write(BinaryWriter w, UnitSpec spec)
    {
        Str(w, spec.ClassName);
        List(w, spec.Args, (w, a) =>
        {
            switch (a)
            {
                case UnitArg.Int i: w.Write((byte)0); w.Write(i.Value); break;
                case UnitArg.Real d: w.Write((byte)1); w.Write(d.Value); break;
                case UnitArg.Modules m: w.Write((byte)2); List(w, m.Items, Write); break;
                case UnitArg.Ints n: w.Write((byte)3); List(w, n.Values, (w, v) => w.Write(v)); break;
                case UnitArg.Bool b: w.Write((byte)4); w.Write(b.Value); break;
                default: throw new ProtocolException($"unknown argument {a.GetType().Name}");
            }
        });
    }

    public static UnitSpec ReadUnitSpec(BinaryReader r) => new(Str(r), List(r, r => (UnitArg)(r.ReadByte() switch
    {
        0 => new UnitArg.Int(r.ReadInt32()),
        1 => new UnitArg.Real(r.ReadDouble()),
        2 => new UnitArg.Modules(List(r, ReadUnitSpec)),
        3 => new UnitArg.Ints(List(r, r => r.ReadInt32())),
        4 => new UnitArg.Bool(r.ReadBoolean()),
        var b => throw new ProtocolException($"unknown argument kind {b}"),
    })));

    public static void Write(BinaryWriter w, CallRequest m)
    {
        Write(w, m.Unit);
        w.Write((byte)m.Operation); w.Write((byte)m.ElementType); w.Write(m.Training);
        List(w, m.Parameters, (w, t) => t.Write(w));
        List(w, m.Inputs, (w, t) => t.Write(w));
        w.Write(m.GradOutput is not null);
        m.GradOutput?.Write(w);
        List(w, m.Perturbations, (w, p) => { w.Write(p.Tensor); w.Write(p.Element); w.Write(p.Delta); });
        w.Write(m.Iterations); w.Write(m.Seed); w.Write(m.FanIn); w.Write(m.FanOut);
        w.Write(m.Graph is not null);
        if (m.Graph is { } g)
        {
            List(w, g.Nodes, (w, n) =>
            {
                w.Write((byte)n.Op); List(w, n.Inputs, (w, i) => w.Write(i)); w.Write(n.Arg); w.Write((byte)n.Flags);
            });
            w.Write(g.Passes); w.Write(g.ZeroGradBetween);
        }
        w.Write(m.Run is not null);
        if (m.Run is { } run)
        {
            w.Write((byte)run.Objective); w.Write(run.Steps); List(w, run.LearningRates, (w, v) => w.Write(v)); w.Write(run.FinalOnly);
        }
    }

    private static OptimizerRun ReadRun(BinaryReader r) => new((Objective)r.ReadByte(), r.ReadInt32(), List(r, r => r.ReadDouble()), r.ReadBoolean());

    private static GraphSpec ReadGraph(BinaryReader r) => new(
        List(r, r => new GraphNode((GraphOp)r.ReadByte(), List(r, r => r.ReadInt32()), r.ReadDouble(), (GraphFlags)r.ReadByte())),
        r.ReadInt32(), r.ReadBoolean());

    public static CallRequest ReadCallRequest(BinaryReader r) => new(
        ReadUnitSpec(r), (Operation)r.ReadByte(), (ElementType)r.ReadByte(), r.ReadBoolean(),
        List(r, WireTensor.Read), List(r, WireTensor.Read),
        r.ReadBoolean() ? WireTensor.Read(r) : null,
        List(r, r => new Perturbation(r.ReadInt32(), r.ReadInt32(), r.ReadDouble())),
        r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
        r.ReadBoolean() ? ReadGraph(r) : null,
        r.ReadBoolean() ? ReadRun(r) : null);

    public static void Write(BinaryWriter w, CallResult m)
    {
        w.Write((byte)m.Status);
        List(w, m.Outputs, (w, t) => t.Write(w));
        Str(w, m.ExceptionType); Str(w, m.Message); w.Write(m.Cell); w.Write(m.Line); w.Write(m.FromContract); Str(w, m.Step);
    }

    public static CallResult ReadCallResult(BinaryReader r) => new(
        (CallStatus)r.ReadByte(), List(r, WireTensor.Read), Str(r), Str(r), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(), Str(r));

    // ---- execute ----

    public static void Write(BinaryWriter w, ExecuteRequest m)
    {
        List(w, m.Cells, (w, c) => { w.Write(c.Index); Str(w, c.Code); });
        Str(w, m.WorkingDirectory);
        w.Write(m.AllowParallelism);
        w.Write(m.Ungated);
    }

    public static ExecuteRequest ReadExecuteRequest(BinaryReader r) =>
        new(List(r, r => new SourceCell(r.ReadInt32(), Str(r))), Str(r), r.ReadBoolean(), r.ReadBoolean());

    private static void Opt(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) Str(w, s);
    }

    private static string? Opt(BinaryReader r) => r.ReadBoolean() ? Str(r) : null;

    private enum ItemKind : byte { Stream = 1, Display = 2, Error = 3 }

    public static void Write(BinaryWriter w, CellOutput m)
    {
        w.Write(m.Cell);
        List(w, m.Items, Write);
        w.Write(m.Seconds); w.Write(m.CompileSeconds); w.Write(m.WaitSeconds);
    }

    public static CellOutput ReadCellOutput(BinaryReader r) =>
        new(r.ReadInt32(), List(r, ReadOutputItem), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

    private static void Write(BinaryWriter w, OutputItem item)
    {
        switch (item)
        {
            case OutputItem.Stream s:
                w.Write((byte)ItemKind.Stream); Str(w, s.Name); Str(w, s.Text);
                break;
            case OutputItem.Display d:
                w.Write((byte)ItemKind.Display); List(w, d.Data, (w, m) => { Str(w, m.Mime); Str(w, m.Content); });
                break;
            case OutputItem.Error e:
                w.Write((byte)ItemKind.Error); Str(w, e.Name); Str(w, e.Message); List(w, e.Traceback, Str); w.Write(e.Cell); w.Write(e.Line);
                break;
            default:
                throw new ProtocolException($"unknown output {item.GetType().Name}");
        }
    }

    private static OutputItem ReadOutputItem(BinaryReader r) => (ItemKind)r.ReadByte() switch
    {
        ItemKind.Stream => new OutputItem.Stream(Str(r), Str(r)),
        ItemKind.Display => new OutputItem.Display(List(r, r => new MimeData(Str(r), Str(r)))),
        ItemKind.Error => new OutputItem.Error(Str(r), Str(r), List(r, Str), r.ReadInt32(), r.ReadInt32()),
        var k => throw new ProtocolException($"unknown output kind {(byte)k}"),
    };
}
