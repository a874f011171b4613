using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks;

/// <summary>The forward and gradient checks of a loss.</summary>
public static class LossChecks
{
    public static string Forward(Calls calls, IReadOnlyList<LossCase> cases) =>
        ModuleChecks.AgainstReference(calls, cases.Select(c => (c.Label, Requests.Loss(c, Operation.LossForward))).ToList(), "the loss");

    public static string Gradient(Calls calls, IReadOnlyList<LossCase> cases)
    {
        double worstNumerical = 0, worstReference = 0;
        var smooth = cases.Where(c => c.GradientCheck).ToList();
        foreach (var c in smooth)
        {
            var got = calls.Student(Requests.Loss(c, Operation.LossBackward), "Forward/Backward");
            var outputs = calls.Student(Requests.Loss(c, Operation.LossPerturb, perturbations: Requests.CentralDifferences([c.Input], GradCheck.Step)), "Forward");
            var numerical = Compare.NumericalGradient(outputs, 0, c.Input, null, GradCheck.Step);
            worstNumerical = Math.Max(worstNumerical, ModuleChecks.Label(c.Label, () => ModuleChecks.GradientCheck(got[1], numerical, "dL/dInput")));
            var expected = calls.Reference(Requests.Loss(c, Operation.LossBackward));
            worstReference = Math.Max(worstReference, ModuleChecks.Label(c.Label, () => Compare.Close(got[1], expected[1], Compare.ReferenceTolerance, "dL/dInput", "the reference")));
        }
        return $"central differences agree (max relative error {RelativeError.Format(worstNumerical)}) and the gradient matches the reference " +
               $"(max {RelativeError.Format(worstReference)}) on {smooth.Count} cases";
    }
}
