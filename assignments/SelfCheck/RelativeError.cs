namespace Course.SelfCheck;

/// <summary>
/// The error measure every check in the course uses, so that a student's self-check and the grader agree.
/// </summary>
/// <remarks>
/// CS231n's <c>rel_error</c>, max |a − b| / (|a| + |b|), with the denominator floored: without the floor an element
/// where the true gradient is 0 and the finite difference is 1e-11 of round-off would read as a 100 % error.
/// NaN and infinity count as infinitely wrong, so a layer that overflows can never pass.
/// </remarks>
public static class RelativeError
{
    /// <summary>Denominator floor for float64 values of order one.</summary>
    public const double DefaultFloor = 1e-6;

    public static double Max(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double floor = DefaultFloor)
        => Max(actual, expected, out _, floor);

    /// <summary>The largest element-wise error and, in <paramref name="worstIndex"/>, where it occurs.</summary>
    public static double Max(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, out int worstIndex, double floor = DefaultFloor)
    {
        if (actual.Length != expected.Length)
            throw new ArgumentException($"Cannot compare {actual.Length} values with {expected.Length}.");
        double worst = 0;
        worstIndex = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = actual[i], b = expected[i];
            double error = double.IsFinite(a) && double.IsFinite(b)
                ? Math.Abs(a - b) / Math.Max(Math.Abs(a) + Math.Abs(b), floor)
                : (a.Equals(b) && !double.IsNaN(a) ? 0 : double.PositiveInfinity);
            if (error > worst || worstIndex < 0) { worst = error; worstIndex = i; }
        }
        return worst;
    }

    /// <summary>
    /// The floor for comparing a gradient with central differences: the differences carry round-off noise of about
    /// ε·|f|/h in every element, the same for small and large ones, so elements a thousand times smaller than the
    /// largest are judged against the largest's scale rather than their own.
    /// </summary>
    public static double GradientFloor(ReadOnlySpan<double> numerical)
    {
        double largest = 0;
        foreach (double v in numerical) if (double.IsFinite(v)) largest = Math.Max(largest, Math.Abs(v));
        return Math.Max(DefaultFloor, 1e-3 * largest);
    }

    public static double Max(Tensor<double> actual, Tensor<double> expected, double floor = DefaultFloor)
    {
        if (!actual.SameShape(expected))
            throw new ArgumentException($"Shapes {actual.ShapeString} and {expected.ShapeString} differ.");
        return Max(actual.Data, expected.Data, floor);
    }

    /// <summary>"3.2e-11", as checks print it.</summary>
    public static string Format(double error) =>
        double.IsPositiveInfinity(error) ? "inf (NaN or infinity in the values)" : error.ToString("0.0e+00", System.Globalization.CultureInfo.InvariantCulture);
}
