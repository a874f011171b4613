namespace Course.Grader.Protocol;

/// <summary>A tensor on the wire: its shape and its values as float64 (float32 runs convert on each side).</summary>
public sealed record WireTensor(int[] Shape, double[] Data)
{
    public static WireTensor Scalar(double value) => new([1], [value]);

    /// <summary>No tensor (a gradient that is null): shape (0), no values. Real tensors on the wire are never empty.</summary>
    public static WireTensor None { get; } = new([0], []);

    public bool IsNone => Shape.Length == 1 && Shape[0] == 0;

    public string ShapeString => "(" + string.Join(", ", Shape) + ")";

    internal void Write(BinaryWriter w)
    {
        w.Write(Shape.Length);
        foreach (int d in Shape) w.Write(d);
        w.Write(Data.Length);
        foreach (double v in Data) w.Write(v);
    }

    internal static WireTensor Read(BinaryReader r)
    {
        int rank = Codec.Count(r, 16);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = r.ReadInt32();
        int length = Codec.Count(r, 64 << 20);
        long expected = 1;
        foreach (int d in shape)
        {
            if (d < 0 || (d > 0 && expected > int.MaxValue / d)) throw new ProtocolException($"a tensor of shape ({string.Join(", ", shape)}) is too large");
            expected *= d;
        }
        if (expected != length)
            throw new ProtocolException($"a tensor of shape ({string.Join(", ", shape)}) carried {length} values");
        if ((long)length * sizeof(double) > r.BaseStream.Length - r.BaseStream.Position)
            throw new ProtocolException($"a tensor of {length} values is longer than its message");
        var data = new double[length];
        for (int i = 0; i < length; i++) data[i] = r.ReadDouble();
        return new WireTensor(shape, data);
    }
}
