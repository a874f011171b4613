using Course.Grader.Protocol;

namespace Course.Grader.Units;

/// <summary>Random tensors for test cases, all drawn from the grader's seeded generator.</summary>
public static class Draw
{
    public static double Normal(Random random, double std = 1)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static WireTensor Normal(Random random, double std, params int[] shape) =>
        Fill(shape, () => Normal(random, std));

    public static WireTensor Uniform(Random random, double low, double high, params int[] shape) =>
        Fill(shape, () => low + (high - low) * random.NextDouble());

    /// <summary>Normal values pushed at least <paramref name="gap"/> away from 0, where ReLU-like units have a kink
    /// that central differences straddle.</summary>
    public static WireTensor AwayFromZero(Random random, double std, double gap, params int[] shape) =>
        Fill(shape, () => { double x = Normal(random, std); return x >= 0 ? x + gap : x - gap; });

    /// <summary>Rows that are one-hot (hard labels) or random probability vectors (soft labels).</summary>
    public static WireTensor ProbabilityRows(Random random, int rows, int classes, bool oneHot)
    {
        var data = new double[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            if (oneHot) { data[r * classes + random.Next(classes)] = 1; continue; }
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += data[r * classes + c] = random.NextDouble() + 1e-3;
            for (int c = 0; c < classes; c++) data[r * classes + c] /= sum;
        }
        return new WireTensor([rows, classes], data);
    }

    public static WireTensor Binary(Random random, params int[] shape) => Fill(shape, () => random.Next(2));

    public static WireTensor Plus(WireTensor t, double offset) => new(t.Shape, t.Data.Select(v => v + offset).ToArray());

    public static WireTensor Scale(WireTensor t, double factor) => new(t.Shape, t.Data.Select(v => v * factor).ToArray());

    public static WireTensor Fill(int[] shape, Func<double> next)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var data = new double[n];
        for (int i = 0; i < n; i++) data[i] = next();
        return new WireTensor(shape, data);
    }
}
