namespace Course.Tests.Oracle;

/// <summary>Two-sample statistics for comparing draws from two random generators.</summary>
public static class Distributions
{
    /// <summary>The two-sample Kolmogorov–Smirnov distance and its critical value at α = 0.001
    /// (c(α) = √(−½ ln(α/2)) = 1.949).</summary>
    public static (double Distance, double Critical) KolmogorovSmirnov(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double distance = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) i++;
            while (j < y.Length && y[j] <= v) j++;
            distance = Math.Max(distance, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        double c = Math.Sqrt(-0.5 * Math.Log(0.001 / 2));
        return (distance, c * Math.Sqrt((double)(x.Length + y.Length) / ((double)x.Length * y.Length)));
    }

    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
