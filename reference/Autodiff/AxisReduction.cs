namespace Course.Reference;

/// <summary>
/// Which axes a sum or mean reduces and the shapes around it, as <c>torch.sum(x, dim, keepdim)</c>: axes may be
/// negative, null means all of them (a rank-0 result), and the kept shape has extent 1 on each reduced axis.
/// </summary>
internal readonly struct AxisReduction
{
    private AxisReduction(int[] keptShape, int[] outputShape, long count)
    {
        KeptShape = keptShape;
        OutputShape = outputShape;
        Count = count;
    }

    /// <summary>The input's shape with every reduced axis at extent 1 (the result with keepDims).</summary>
    public int[] KeptShape { get; }

    /// <summary>The shape the operation returns.</summary>
    public int[] OutputShape { get; }

    /// <summary>How many input elements make up each output element (the divisor of a mean).</summary>
    public long Count { get; }

    public static AxisReduction Of(string operation, int[] shape, int[]? axes, bool keepDims)
    {
        var reduced = new bool[shape.Length];
        if (axes is null) Array.Fill(reduced, true);
        else
            foreach (int axis in axes)
            {
                int a = axis < 0 ? axis + shape.Length : axis;
                if ((uint)a >= (uint)shape.Length)
                    throw new ArgumentException(
                        $"{operation}: axis {axis} does not exist in a tensor of shape {Broadcasting.Format(shape)}.");
                if (reduced[a])
                    throw new ArgumentException($"{operation}: axis {axis} is listed twice in ({string.Join(", ", axes)}).");
                reduced[a] = true;
            }

        var kept = (int[])shape.Clone();
        var output = new List<int>(shape.Length);
        long count = 1;
        for (int a = 0; a < shape.Length; a++)
        {
            if (reduced[a])
            {
                count *= shape[a];
                kept[a] = 1;
                if (keepDims) output.Add(1);
            }
            else output.Add(shape[a]);
        }
        return new AxisReduction(kept, [.. output], count);
    }
}
