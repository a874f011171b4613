using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks;

/// <summary>The forward and gradient checks of an autodiff operation (a <c>Function&lt;T&gt;</c>).</summary>
public static class FunctionChecks
{
    public static string Forward(Calls calls, IReadOnlyList<FunctionCase> cases) =>
        ModuleChecks.AgainstReference(calls, cases.Select(c => (c.Label, Requests.Function(c, Operation.FunctionForward))).ToList(), "the output");

    public static string Gradient(Calls calls, IReadOnlyList<FunctionCase> cases)
    {
        double worstNumerical = 0, worstReference = 0;
        // Every case's gradient is compared with the reference; central differences only where the function is
        // smooth enough for them (not at logits of ±1000, where a naive softmax in Backward would overflow).
        foreach (var c in cases)
        {
            var names = c.Inputs.Count == 1 ? new[] { "dL/dx" } : c.Inputs.Select((_, i) => $"dL/d{(char)('a' + i)}").ToArray();
            var got = calls.Student(Requests.Function(c, Operation.FunctionBackward), "Forward/Backward");
            var grads = got.Skip(1).ToList();
            ModuleChecks.Label(c.Label, () => Shapes(grads, c, names));

            // The student's backward against central differences of the student's own forward, then against the
            // reference: a forward and backward wrong in the same way pass the first but not the second.
            var outputs = c.GradientCheck
                ? calls.Student(Requests.Function(c, Operation.FunctionPerturb, Requests.CentralDifferences(c.Inputs, GradCheck.Step)), "Forward")
                : null;
            var expected = calls.Reference(Requests.Function(c, Operation.FunctionBackward)).Skip(1).ToList();
            int offset = 0;
            for (int i = 0; i < c.Inputs.Count; i++)
            {
                int input = i;
                if (outputs is not null)
                {
                    var numerical = Compare.NumericalGradient(outputs, offset, c.Inputs[i], c.GradOutput, GradCheck.Step);
                    offset += 2 * c.Inputs[i].Data.Length;
                    worstNumerical = Math.Max(worstNumerical, ModuleChecks.Label(c.Label, () => ModuleChecks.GradientCheck(grads[input], numerical, names[input])));
                }
                worstReference = Math.Max(worstReference, ModuleChecks.Label(c.Label, () => Compare.Close(grads[input], expected[input], Compare.ReferenceTolerance, names[input], "the reference")));
            }
        }
        return $"central differences agree (max relative error {RelativeError.Format(worstNumerical)}) and gradients match the reference " +
               $"(max {RelativeError.Format(worstReference)}) on {cases.Count} cases, {cases.Count(c => c.GradientCheck)} of them by central differences";
    }

    /// <summary>One gradient per input, each of its input's shape; a gradient of the output's shape for an input that
    /// was broadcast is the classic missing reduction, and is named as such.</summary>
    private static double Shapes(IReadOnlyList<WireTensor> grads, FunctionCase c, string[] names)
    {
        if (grads.Count != c.Inputs.Count)
            throw new CheckFailure($"Backward returned {grads.Count} gradient(s) for {c.Inputs.Count} input(s): return one per input, in input order");
        for (int i = 0; i < grads.Count; i++)
        {
            var shape = c.Inputs[i].Shape;
            if (grads[i].Shape.SequenceEqual(shape)) continue;
            bool broadcast = !shape.SequenceEqual(c.GradOutput.Shape) && grads[i].Shape.SequenceEqual(c.GradOutput.Shape);
            throw new CheckFailure(broadcast
                ? $"{names[i]} has shape {grads[i].ShapeString}, the output's, but input {i + 1} has shape {c.Inputs[i].ShapeString}: it was broadcast, " +
                  "so sum the gradient over the axes it was stretched along (and drop the axes it did not have)"
                : $"{names[i]} has shape {grads[i].ShapeString}; it must have the shape of input {i + 1}, {c.Inputs[i].ShapeString}");
        }
        return 0;
    }
}
