using Course.Grader.Protocol;

namespace Course.Tests.Oracle;

/// <summary>
/// How far the reference is from PyTorch: the largest elementwise |a − b| / max(|b|, floor · ‖b‖∞). In float64 the
/// floor is a thousandth, so every element but those a sum cancelled to ~0 is held to its own relative error. In
/// float32 the floor is 1, the error relative to the tensor's scale: float32 keeps ~7 digits of each operand, so an
/// element that is a difference of nearly equal numbers (1 − tanh² near saturation, a softmax gradient) is only
/// accurate to 1e-7 of the scale, whoever computes it. NaN matches NaN and an infinity the same infinity; a shape
/// or a missing gradient is a problem.
/// </summary>
public readonly record struct RelativeDifference(double Error, int Index, string? Problem)
{
    public static RelativeDifference Of(WireTensor ours, WireTensor torch, double floor)
    {
        if (ours.IsNone != torch.IsNone)
            return new(double.PositiveInfinity, 0, ours.IsNone ? "the reference has no gradient where PyTorch has one" : "the reference has a gradient where PyTorch has none");
        if (!ours.Shape.SequenceEqual(torch.Shape))
            return new(double.PositiveInfinity, 0, $"shape {ours.ShapeString}, PyTorch's {torch.ShapeString}");

        double largest = torch.Data.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        double scale = Math.Max(largest * floor, double.Epsilon);
        double worst = 0;
        int index = 0;
        for (int i = 0; i < ours.Data.Length; i++)
        {
            double a = ours.Data[i], b = torch.Data[i];
            if (a.Equals(b)) continue; // NaN = NaN and ∞ = ∞ included
            double error = double.IsFinite(a) && double.IsFinite(b) ? Math.Abs(a - b) / Math.Max(Math.Abs(b), scale) : double.PositiveInfinity;
            if (error > worst) (worst, index) = (error, i);
        }
        return new(worst, index, null);
    }
}
