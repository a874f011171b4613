using Course.Grader.Protocol;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>
/// A gradient that disagrees with central differences, by the course's one rule (<see cref="RelativeError"/> with
/// the gradient floor, tolerance <see cref="GradCheck.Tolerance"/>): which tensor, how much and where.
/// </summary>
public sealed record GradientMismatch(string Name, double Error, string Where, double Analytic, double Numerical)
{
    /// <summary>Null when <paramref name="analytic"/> passes; <paramref name="error"/> is its largest relative error either way.</summary>
    public static GradientMismatch? Find(WireTensor analytic, WireTensor numerical, string name, out double error)
    {
        error = double.PositiveInfinity;
        if (!analytic.Shape.SequenceEqual(numerical.Shape))
            return new GradientMismatch(name, error, $"shape {analytic.ShapeString} instead of {numerical.ShapeString}", double.NaN, double.NaN);
        error = RelativeError.Max(analytic.Data, numerical.Data, out int worst, RelativeError.GradientFloor(numerical.Data));
        return error <= Compare.GradientTolerance
            ? null
            : new GradientMismatch(name, error, Compare.Index(numerical.Shape, worst), analytic.Data[worst], numerical.Data[worst]);
    }

    public string Describe() => double.IsNaN(Analytic)
        ? $"{Name} has {Where}"
        : $"{Name} has relative error {RelativeError.Format(Error)} (tolerance {Compare.GradientTolerance:0e+00}), the largest at {Where}: " +
          $"Backward gives {NumberText.Of(Analytic)}, central differences of Forward give {NumberText.Of(Numerical)}";
}
