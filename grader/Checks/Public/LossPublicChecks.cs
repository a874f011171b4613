using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>The public checks of a loss: a finite scalar, dInput of the input's shape, and the student's own gradient check.</summary>
public sealed class LossPublicChecks(StudentCalls calls, LossUnit unit, IReadOnlyList<LossCase> cases)
{
    private readonly Dictionary<LossCase, IReadOnlyList<WireTensor>> backward = new();

    private IEnumerable<LossCase> Differentiable => cases.Where(c => c.GradientCheck);

    public IReadOnlyList<PublicCheck> Checks() =>
    [
        new("forward", Forward),
        new("backward shape", BackwardShape, After: "forward"),
        new("gradient check", GradientCheck, After: "backward shape"),
    ];

    private string Forward()
    {
        foreach (var c in cases)
        {
            double value = calls.Call(Requests.Loss(c, Operation.LossForward), "Forward")[0].Data[0];
            if (!double.IsFinite(value))
                throw new PublicCheckFailure($"case \"{c.Label}\": the loss is {NumberText.Of(value)}", Hints.NotFinite(unit.Id));
        }
        return $"a finite value on {cases.Count} cases";
    }

    private string BackwardShape()
    {
        int count = 0;
        foreach (var c in Differentiable)
        {
            count++;
            var dInput = Backward(c)[1];
            if (!dInput.Shape.SequenceEqual(c.Input.Shape))
                throw new PublicCheckFailure($"case \"{c.Label}\": Backward returned dInput of shape {dInput.ShapeString}; the input has shape {c.Input.ShapeString}",
                    Hints.InputGradientShape(unit.Id, loss: true));
            int bad = Array.FindIndex(dInput.Data, v => !double.IsFinite(v));
            if (bad >= 0)
                throw new PublicCheckFailure($"case \"{c.Label}\": dInput is {NumberText.Of(dInput.Data[bad])} at {Compare.Index(dInput.Shape, bad)} " +
                                             $"(input {NumberText.Of(c.Input.Data[bad])}, target {NumberText.Of(c.Target.Data[bad])})", Hints.NotFinite(unit.Id));
        }
        return $"dInput has the input's shape on {count} cases";
    }

    private string GradientCheck()
    {
        double worst = 0;
        int count = 0;
        foreach (var c in Differentiable)
        {
            count++;
            var analytic = Backward(c)[1];
            var outputs = calls.Call(Requests.Loss(c, Operation.LossPerturb, perturbations: Requests.CentralDifferences([c.Input], GradCheck.Step)), "Forward");
            var numerical = Compare.NumericalGradient(outputs, 0, c.Input, null, GradCheck.Step);
            if (GradientMismatch.Find(analytic, numerical, "dInput", out double error) is { } mismatch)
                throw new PublicCheckFailure($"case \"{c.Label}\": {mismatch.Describe()}",
                    $"dInput is wrong. {(Hints.ForInputGradient(unit.Id) is { } f ? f + ". " : "")}{Hints.ChainRule}");
            worst = Math.Max(worst, error);
        }
        return $"Backward agrees with central differences of your Forward on {count} cases (max relative error {RelativeError.Format(worst)})";
    }

    /// <summary>[L, dInput], fetched once per case.</summary>
    private IReadOnlyList<WireTensor> Backward(LossCase c)
    {
        if (backward.TryGetValue(c, out var got)) return got;
        got = calls.Call(Requests.Loss(c, Operation.LossBackward), "Backward");
        if (got.Count != 2) throw new GraderFault($"the worker returned {got.Count} tensors for a loss backward call");
        return backward[c] = got;
    }
}
