using System.Reflection;
using Course.Grader.Protocol;
using Course.Worker;

// The protocol owns the real stdin/stdout. Console output of the code under test goes to a capped sink, so nothing
// it prints can be mistaken for a reply.
var requests = Console.OpenStandardInput();
var replies = Console.OpenStandardOutput();
Console.SetOut(new CappedWriter(1 << 20));
Console.SetError(new CappedWriter(1 << 20));
Console.SetIn(TextReader.Null);

CallHandler? handler = null;
while (Frames.Read(requests) is { } frame)
{
    switch (frame.Type)
    {
        case MessageType.Load:
        {
            var load = Codec.Decode(frame.Payload, Codec.ReadLoadRequest);
            LoadResult result;
            if (load.AssemblyPath is not null)
            {
                var assembly = Assembly.LoadFrom(load.AssemblyPath);
                handler = new CallHandler(new UnitResolver([assembly]));
                result = new LoadResult([], []);
            }
            else
            {
                var compiler = new CellCompiler(load.Ungated ? null : Course.Worker.Gate.Allowlist.For(load.AllowParallelism));
                result = compiler.Compile(load.Cells);
                handler = new CallHandler(new UnitResolver(compiler.Submissions));
            }
            Frames.Write(replies, MessageType.LoadResult, Codec.Encode(w => Codec.Write(w, result)));
            break;
        }
        case MessageType.Call:
        {
            var call = Codec.Decode(frame.Payload, Codec.ReadCallRequest);
            var current = handler ?? throw new ProtocolException("a call before the load");
            var result = CallThread.Run(() => current.Handle(call));
            Frames.Write(replies, MessageType.CallResult, Codec.Encode(w => Codec.Write(w, result)));
            break;
        }
        case MessageType.Execute:
        {
            var execute = Codec.Decode(frame.Payload, Codec.ReadExecuteRequest);
            new NotebookExecutor(output => Frames.Write(replies, MessageType.CellOutput, Codec.Encode(w => Codec.Write(w, output)))).Run(execute);
            Frames.Write(replies, MessageType.ExecuteDone, []);
            break;
        }
        default:
            throw new ProtocolException($"unexpected message {frame.Type}");
    }
}

/// <summary>
/// Runs the calls on one thread of their own with a fixed 1 MiB stack (a .NET thread's default), so how deeply the
/// code under test may recurse is the same on every machine, whatever the main thread's `ulimit -s`: a recursive
/// graph walk overflows on a 100,000-node chain everywhere, and a grade never depends on where it was computed.
/// One long-lived thread, not one per call, so a grading of thousands of calls creates no thread churn.
/// </summary>
internal static class CallThread
{
    public const int StackBytes = 1 << 20;

    private static readonly System.Collections.Concurrent.BlockingCollection<Action> Work = new();

    static CallThread()
    {
        var thread = new Thread(() => { foreach (var work in Work.GetConsumingEnumerable()) work(); }, StackBytes)
        {
            IsBackground = true,
            Name = "calls",
        };
        thread.Start();
    }

    public static CallResult Run(Func<CallResult> call)
    {
        CallResult? result = null;
        Exception? failure = null;
        using var done = new ManualResetEventSlim();
        Work.Add(() =>
        {
            try { result = call(); }
            catch (Exception e) { failure = e; }
            finally { done.Set(); }
        });
        done.Wait();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result!;
    }
}

/// <summary>Keeps at most a fixed number of characters and drops the rest.</summary>
internal sealed class CappedWriter(int capacity) : StringWriter
{
    public override void Write(char value)
    {
        if (GetStringBuilder().Length < capacity) base.Write(value);
    }

    public override void Write(string? value)
    {
        int room = capacity - GetStringBuilder().Length;
        if (value is not null && room > 0) base.Write(value.Length <= room ? value : value[..room]);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    // StringWriter writes these straight into its buffer; route them through the cap too.
    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

    public override void Write(System.Text.StringBuilder? value) => Write(value?.ToString());

    public override void WriteLine(ReadOnlySpan<char> buffer) { Write(buffer); Write(CoreNewLine); }

    public override void WriteLine(System.Text.StringBuilder? value) { Write(value); Write(CoreNewLine); }
}
