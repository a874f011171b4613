using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>
/// The public checks of a layer, which need nothing but the student's own code: Forward's shape and finiteness,
/// Backward's shapes, Backward against central differences of the student's own Forward (float64, the course's
/// <see cref="GradCheck"/> step and tolerance), and that parameter gradients accumulate.
/// </summary>
public sealed class ModulePublicChecks(StudentCalls calls, ModuleUnit unit, IReadOnlyList<ModuleCase> cases)
{
    private readonly Dictionary<ModuleCase, IReadOnlyList<WireTensor>> backward = new();

    private IEnumerable<ModuleCase> Differentiable => cases.Where(c => c.GradientCheck);

    public IReadOnlyList<PublicCheck> Checks()
    {
        var list = new List<PublicCheck>
        {
            new("forward", Forward),
            new("backward shapes", BackwardShapes, After: "forward"),
            new("gradient check", GradientCheck, After: "backward shapes"),
        };
        if (Differentiable.Any(c => c.Parameters.Count > 0)) list.Add(new("accumulation", Accumulation, After: "forward"));
        return list;
    }

    private string Forward()
    {
        foreach (var c in cases)
        {
            var y = calls.Call(Requests.Module(c, Operation.Forward), "Forward")[0];
            if (!y.Shape.SequenceEqual(c.GradOutput.Shape))
                throw new PublicCheckFailure($"case \"{c.Label}\": Forward on an input of shape {c.Input.ShapeString} returned shape {y.ShapeString}; " +
                                             $"{c.GradOutput.ShapeString} was expected", Hints.OutputShape(unit.Id));
            Finite(c, y, "Forward's output");
        }
        return $"right shape and finite values on {cases.Count} cases";
    }

    private string BackwardShapes()
    {
        int count = 0;
        foreach (var c in Differentiable)
        {
            count++;
            var got = Backward(c);
            var dx = got[1];
            if (!dx.Shape.SequenceEqual(c.Input.Shape))
                throw new PublicCheckFailure($"case \"{c.Label}\": Backward returned dX of shape {dx.ShapeString}; the input has shape {c.Input.ShapeString}",
                    Hints.InputGradientShape(unit.Id, loss: false));
            Finite(c, dx, "dX");
            for (int i = 0; i < c.Parameters.Count; i++)
            {
                var grad = got[2 + i];
                if (!grad.Shape.SequenceEqual(c.Parameters[i].Shape))
                    throw new PublicCheckFailure($"case \"{c.Label}\": {GradientName(c.ParameterNames[i])} has shape {grad.ShapeString}; " +
                                                 $"the parameter has shape {c.Parameters[i].ShapeString}", "a parameter's gradient has the parameter's shape");
                Finite(c, grad, GradientName(c.ParameterNames[i]));
            }
        }
        int parameters = cases.Max(c => c.Parameters.Count);
        return parameters == 0
            ? $"dX has the input's shape on {count} cases"
            : $"dX and {parameters} parameter gradient{(parameters == 1 ? "" : "s")} have the right shapes on {count} cases";
    }

    private string GradientCheck()
    {
        double worst = 0;
        int count = 0;
        foreach (var c in Differentiable)
        {
            count++;
            var got = Backward(c);
            var tensors = new[] { c.Input }.Concat(c.Parameters).ToArray();
            var analytic = new[] { got[1] }.Concat(got.Skip(2).Take(c.Parameters.Count)).ToArray();
            var names = new[] { "dX" }.Concat(c.ParameterNames.Select(GradientName)).ToArray();
            var outputs = calls.Call(Requests.Module(c, Operation.Perturb, perturbations: Requests.CentralDifferences(tensors, GradCheck.Step)), "Forward");
            var failures = new List<(int Tensor, GradientMismatch Mismatch)>();
            int offset = 0;
            for (int t = 0; t < tensors.Length; t++)
            {
                WireTensor numerical;
                try { numerical = Compare.NumericalGradient(outputs, offset, tensors[t], c.GradOutput, GradCheck.Step); }
                catch (CheckFailure e) { throw new PublicCheckFailure($"case \"{c.Label}\": {e.Message}", "Forward must return the same shape on every call"); }
                offset += 2 * tensors[t].Data.Length;
                if (GradientMismatch.Find(analytic[t], numerical, names[t], out double error) is { } mismatch) failures.Add((t, mismatch));
                else worst = Math.Max(worst, error);
            }
            if (failures.Count > 0)
            {
                var (tensor, first) = failures[0];
                string? formula = tensor == 0 ? Hints.ForInputGradient(unit.Id) : Hints.ForParameterGradient(unit.Id, c.ParameterNames[tensor - 1]);
                throw new PublicCheckFailure($"case \"{c.Label}\": {string.Join("; ", failures.Select(f => f.Mismatch.Describe()))}",
                    $"{first.Name} is wrong. {(formula is null ? "" : formula + ". ")}{Hints.ChainRule}");
            }
        }
        return $"Backward agrees with central differences of your Forward on {count} cases (max relative error {RelativeError.Format(worst)})";
    }

    private string Accumulation()
    {
        int count = 0;
        foreach (var c in Differentiable.Where(c => c.Parameters.Count > 0))
        {
            count++;
            var got = Backward(c);
            int p = c.Parameters.Count;
            for (int i = 0; i < p; i++)
            {
                var once = got[2 + i];
                var twice = got[2 + p + i];
                var doubled = once.Data.Select(v => 2 * v).ToArray();
                string name = GradientName(c.ParameterNames[i]);
                if (!twice.Shape.SequenceEqual(once.Shape))
                    throw new PublicCheckFailure($"case \"{c.Label}\": {name} changed shape between two Backward calls", Hints.Accumulate);
                if (!(RelativeError.Max(twice.Data, doubled, out int at) <= Compare.ReferenceTolerance))
                    throw new PublicCheckFailure(
                        $"case \"{c.Label}\": after two Backward calls {name} is not twice its value after one " +
                        $"(at {Compare.Index(once.Shape, at)}: {NumberText.Of(twice.Data[at])} instead of {NumberText.Of(doubled[at])})",
                        Hints.Accumulate);
            }
        }
        return $"parameter gradients add up over two Backward calls on {count} cases";
    }

    /// <summary>[Y, dX, grads after one backward…, grads after two…], fetched once per case for all checks.</summary>
    private IReadOnlyList<WireTensor> Backward(ModuleCase c)
    {
        if (backward.TryGetValue(c, out var got)) return got;
        got = calls.Call(Requests.Module(c, Operation.Backward), "Backward");
        if (got.Count != 2 + 2 * c.Parameters.Count) throw new GraderFault($"the worker returned {got.Count} tensors for a backward call");
        return backward[c] = got;
    }

    private void Finite(ModuleCase c, WireTensor t, string what)
    {
        int bad = Array.FindIndex(t.Data, v => !double.IsFinite(v));
        if (bad < 0) return;
        // Only an activation's outputs correspond element by element to its inputs.
        bool elementwise = c.Parameters.Count == 0 && t.Shape.SequenceEqual(c.Input.Shape);
        string input = elementwise ? $" (the input there is {NumberText.Of(c.Input.Data[bad])})" : "";
        throw new PublicCheckFailure($"case \"{c.Label}\": {what} is {NumberText.Of(t.Data[bad])} at {Compare.Index(t.Shape, bad)}{input}", Hints.NotFinite(unit.Id));
    }

    /// <summary>"Weight.Grad" for a parameter exposed as a property, "the gradient of layer 1 weight" otherwise.</summary>
    public static string GradientName(string parameter) =>
        parameter.Contains(' ') ? $"the gradient of {parameter}" : $"{char.ToUpperInvariant(parameter[0])}{parameter[1..]}.Grad";
}
