using Course.Grader.Protocol;
using Course.SelfCheck;

namespace Course.Grader.Checks;

/// <summary>Comparisons the checks share; all NaN-safe (a NaN is never "close").</summary>
public static class Compare
{
    /// <summary>float64 results of two correct implementations differ only by summation order: ~1e-15.</summary>
    public const double ReferenceTolerance = 1e-7;

    /// <summary>Central differences with h = 1e-5 in float64 are accurate to ~1e-9.</summary>
    public const double GradientTolerance = GradCheck.Tolerance;

    /// <summary>float32 outputs of timed runs: loose, only to catch a wrong fast path.</summary>
    public const double Float32Tolerance = 1e-3;

    /// <summary>Throws with a message naming <paramref name="what"/> when shapes differ or values are not close.</summary>
    public static double Close(WireTensor actual, WireTensor expected, double tolerance, string what, string against, double floor = RelativeError.DefaultFloor)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
            throw new CheckFailure($"{what} has shape {actual.ShapeString}; {expected.ShapeString} was expected");
        double error = RelativeError.Max(actual.Data, expected.Data, out int worst, floor);
        if (!(error <= tolerance))
        {
            string detail = actual.Data.Any(v => !double.IsFinite(v))
                ? "it contains NaN or infinity (an overflow? subtract the maximum before exponentiating)"
                : $"relative error {RelativeError.Format(error)} at element {Index(expected.Shape, worst)}: {actual.Data[worst]:G6} instead of {expected.Data[worst]:G6}";
            throw new CheckFailure($"{what} differs from {against}: {detail} (tolerance {tolerance:0e+00})");
        }
        return error;
    }

    public static string Index(int[] shape, int flat)
    {
        if (flat < 0) return "[]";
        var index = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            if (shape[axis] == 0) break;
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return "[" + string.Join(", ", index) + "]";
    }

    /// <summary>Σ (Y₊ − Y₋)·dY / 2h for each ± pair of outputs: the numerical vector-Jacobian product.</summary>
    public static WireTensor NumericalGradient(IReadOnlyList<WireTensor> outputs, int offset, WireTensor like, WireTensor? gradOutput, double step)
    {
        var data = new double[like.Data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            var plus = outputs[offset + 2 * i];
            var minus = outputs[offset + 2 * i + 1];
            double sum = 0;
            if (gradOutput is null) sum = plus.Data[0] - minus.Data[0];
            else
            {
                if (!plus.Shape.SequenceEqual(gradOutput.Shape) || !minus.Shape.SequenceEqual(gradOutput.Shape))
                    throw new CheckFailure($"Forward returned shape {plus.ShapeString}; {gradOutput.ShapeString} was expected");
                for (int j = 0; j < gradOutput.Data.Length; j++) sum += (plus.Data[j] - minus.Data[j]) * gradOutput.Data[j];
            }
            data[i] = sum / (2 * step);
        }
        return new WireTensor(like.Shape, data);
    }
}
