namespace Course;

public sealed partial class Tensor<T>
{
    public static Tensor<T> Zeros(params int[] shape) => new(shape);

    public static Tensor<T> Ones(params int[] shape) => Full(T.One, shape);

    public static Tensor<T> Full(T value, params int[] shape)
    {
        var t = new Tensor<T>(shape);
        t.Data.AsSpan().Fill(value);
        return t;
    }

    /// <summary>A zero tensor with the shape of <paramref name="like"/>.</summary>
    public static Tensor<T> ZerosLike(Tensor<T> like) => new(like.shape);

    /// <summary>Copies <paramref name="values"/> (converted to <typeparamref name="T"/>) into a tensor of the given shape.</summary>
    public static Tensor<T> FromValues(double[] values, params int[] shape)
    {
        var data = new T[values.Length];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(values[i]);
        return new Tensor<T>(data, shape);
    }

    /// <summary>A 2-D tensor from a rectangular array, e.g. <c>Tensor&lt;double&gt;.FromArray(new double[,] {{1, 2}, {3, 4}})</c>.</summary>
    public static Tensor<T> FromArray(double[,] values)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var t = new Tensor<T>(rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                t.Data[i * cols + j] = T.CreateChecked(values[i, j]);
        return t;
    }

    /// <summary>Samples from N(mean, std²), reproducibly from <paramref name="random"/> (Box–Muller).</summary>
    public static Tensor<T> RandomNormal(Random random, double mean, double std, params int[] shape)
    {
        var t = new Tensor<T>(shape);
        var data = t.Data;
        for (int i = 0; i < data.Length; i += 2)
        {
            // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            data[i] = T.CreateChecked(mean + std * radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < data.Length) data[i + 1] = T.CreateChecked(mean + std * radius * Math.Sin(2 * Math.PI * u2));
        }
        return t;
    }

    /// <summary>Samples from U[low, high), reproducibly from <paramref name="random"/>.</summary>
    public static Tensor<T> RandomUniform(Random random, double low, double high, params int[] shape)
    {
        var t = new Tensor<T>(shape);
        var data = t.Data;
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(low + (high - low) * random.NextDouble());
        return t;
    }
}
