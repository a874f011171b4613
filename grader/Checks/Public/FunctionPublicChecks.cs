using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>The public checks of an autodiff operation: Forward's shape and finiteness, one gradient per input of
/// that input's shape, and Backward against central differences of the student's own Forward.</summary>
public sealed class FunctionPublicChecks(StudentCalls calls, FunctionUnit unit, IReadOnlyList<FunctionCase> cases)
{
    private IEnumerable<FunctionCase> Differentiable => cases.Where(c => c.GradientCheck);

    public IReadOnlyList<PublicCheck> Checks() =>
    [
        new("forward", Forward),
        new("backward shapes", BackwardShapes, After: "forward"),
        new("gradient check", GradientCheck, After: "backward shapes"),
    ];

    private string Forward()
    {
        foreach (var c in cases)
        {
            var y = calls.Call(Requests.Function(c, Operation.FunctionForward), "Forward")[0];
            if (!y.Shape.SequenceEqual(c.GradOutput.Shape))
                throw new PublicCheckFailure($"case \"{c.Label}\": Forward returned shape {y.ShapeString}; {c.GradOutput.ShapeString} was expected", Hints.FunctionOutputShape(unit.Id));
            int bad = Array.FindIndex(y.Data, v => !double.IsFinite(v));
            if (bad >= 0)
                throw new PublicCheckFailure($"case \"{c.Label}\": Forward's output is {NumberText.Of(y.Data[bad])} at {Compare.Index(y.Shape, bad)}", Hints.NotFinite(unit.Id));
        }
        return $"right shape and finite values on {cases.Count} cases";
    }

    private string BackwardShapes()
    {
        foreach (var c in Differentiable)
        {
            var grads = Backward(c);
            if (grads.Count != c.Inputs.Count)
                throw new PublicCheckFailure($"case \"{c.Label}\": Backward returned {grads.Count} gradient(s) for {c.Inputs.Count} input(s)",
                    "return one gradient per input of Forward, in the same order");
            for (int i = 0; i < grads.Count; i++)
                if (!grads[i].Shape.SequenceEqual(c.Inputs[i].Shape))
                    throw new PublicCheckFailure(
                        $"case \"{c.Label}\": the gradient of input {i + 1} has shape {grads[i].ShapeString}; input {i + 1} has shape {c.Inputs[i].ShapeString}",
                        grads[i].Shape.SequenceEqual(c.GradOutput.Shape) ? Hints.Unbroadcast : "each gradient has the shape of its input");
        }
        return $"one gradient per input, of the input's shape, on {Differentiable.Count()} cases";
    }

    private string GradientCheck()
    {
        double worst = 0;
        foreach (var c in Differentiable)
        {
            var grads = Backward(c);
            var outputs = calls.Call(Requests.Function(c, Operation.FunctionPerturb, Requests.CentralDifferences(c.Inputs, GradCheck.Step)), "Forward");
            int offset = 0;
            for (int i = 0; i < c.Inputs.Count; i++)
            {
                var numerical = Compare.NumericalGradient(outputs, offset, c.Inputs[i], c.GradOutput, GradCheck.Step);
                offset += 2 * c.Inputs[i].Data.Length;
                string name = c.Inputs.Count == 1 ? "dL/dx" : $"dL/d{(char)('a' + i)}";
                if (GradientMismatch.Find(grads[i], numerical, name, out double error) is { } mismatch)
                    throw new PublicCheckFailure($"case \"{c.Label}\": {mismatch.Describe()}",
                        $"{name} is wrong. {(Hints.ForFunctionGradient(unit.Id) is { } f ? f + ". " : "")}{Hints.ChainRule}");
                worst = Math.Max(worst, error);
            }
        }
        return $"Backward agrees with central differences of your Forward on {Differentiable.Count()} cases (max relative error {RelativeError.Format(worst)})";
    }

    private IReadOnlyList<WireTensor> Backward(FunctionCase c) =>
        calls.Call(Requests.Function(c, Operation.FunctionBackward), "Backward").Skip(1).ToList();
}
