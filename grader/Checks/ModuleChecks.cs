using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks;

/// <summary>The forward and gradient checks of a layer.</summary>
public static class ModuleChecks
{
    public static string Forward(Calls calls, IReadOnlyList<ModuleCase> cases) =>
        AgainstReference(calls, cases.Select(c => (c.Label, Requests.Module(c, Operation.Forward))).ToList(), "the output");

    /// <summary>The first output of each request, student's against reference's (the forward check of every kind of unit).</summary>
    internal static string AgainstReference(Calls calls, IReadOnlyList<(string Label, CallRequest Request)> cases, string what)
    {
        double worst = 0;
        foreach (var (label, request) in cases)
        {
            var actual = calls.Student(request, "Forward")[0];
            var expected = calls.Reference(request)[0];
            worst = Math.Max(worst, Label(label, () => Compare.Close(actual, expected, Compare.ReferenceTolerance, what, "the reference")));
        }
        return $"matches the reference on {cases.Count} cases (max relative error {RelativeError.Format(worst)})";
    }

    public static string Gradient(Calls calls, IReadOnlyList<ModuleCase> cases)
    {
        double worstNumerical = 0, worstReference = 0;
        int checkedCases = 0;
        foreach (var c in cases.Where(c => c.GradientCheck))
        {
            checkedCases++;
            int p = c.Parameters.Count;
            var got = calls.Student(Requests.Module(c, Operation.Backward), "Forward/Backward");
            if (got.Count != 2 + 2 * p) throw new GraderFault($"the worker returned {got.Count} tensors for a backward call");
            var names = new[] { "dL/dX" }.Concat(c.ParameterNames.Select(n => $"dL/d{n}")).ToArray();
            var analytic = new[] { got[1] }.Concat(got.Skip(2).Take(p)).ToArray();
            var twice = got.Skip(2 + p).ToArray();

            // The student's backward against central differences of the student's own forward.
            var tensors = new[] { c.Input }.Concat(c.Parameters).ToArray();
            var outputs = calls.Student(Requests.Module(c, Operation.Perturb, perturbations: Requests.CentralDifferences(tensors, GradCheck.Step)), "Forward");
            int offset = 0;
            for (int t = 0; t < tensors.Length; t++)
            {
                var numerical = Compare.NumericalGradient(outputs, offset, tensors[t], c.GradOutput, GradCheck.Step);
                offset += 2 * tensors[t].Data.Length;
                worstNumerical = Math.Max(worstNumerical, In(c, () => GradientCheck(analytic[t], numerical, names[t])));
            }

            // The same gradients against the reference: a forward and backward that are wrong in the same way
            // pass the check above but not this one.
            var expected = calls.Reference(Requests.Module(c, Operation.Backward));
            var expectedGrads = new[] { expected[1] }.Concat(expected.Skip(2).Take(p)).ToArray();
            for (int t = 0; t < analytic.Length; t++)
                worstReference = Math.Max(worstReference, In(c, () => Compare.Close(analytic[t], expectedGrads[t], Compare.ReferenceTolerance, names[t], "the reference")));

            for (int i = 0; i < p; i++)
            {
                var doubled = new WireTensor(analytic[i + 1].Shape, analytic[i + 1].Data.Select(v => 2 * v).ToArray());
                In(c, () =>
                {
                    try { return Compare.Close(twice[i], doubled, Compare.ReferenceTolerance, names[i + 1], "twice its value"); }
                    catch (CheckFailure)
                    {
                        throw new CheckFailure($"{names[i + 1]} after two backward calls is not twice its value after one: " +
                                               "Backward must add to Parameter.Grad (+=), not overwrite it; ZeroGrad clears it");
                    }
                });
            }
        }
        return $"central differences agree (max relative error {RelativeError.Format(worstNumerical)}) and gradients match the reference " +
               $"(max {RelativeError.Format(worstReference)}) on {checkedCases} cases";
    }

    internal static double GradientCheck(WireTensor analytic, WireTensor numerical, string name)
    {
        if (!analytic.Shape.SequenceEqual(numerical.Shape))
            throw new CheckFailure($"{name} has shape {analytic.ShapeString}; it must have the shape of what it differentiates, {numerical.ShapeString}");
        double error = RelativeError.Max(analytic.Data, numerical.Data, out int worst, RelativeError.GradientFloor(numerical.Data));
        if (!(error <= Compare.GradientTolerance))
            throw new CheckFailure(
                $"gradient check failed for {name}: relative error {RelativeError.Format(error)} (tolerance {Compare.GradientTolerance:0e+00}); " +
                $"at {Compare.Index(numerical.Shape, worst)} Backward gives {analytic.Data[worst]:G6}, central differences give {numerical.Data[worst]:G6}");
        return error;
    }

    /// <summary>Prefixes a failure's message with the case it happened in.</summary>
    internal static double In(ModuleCase c, Func<double> check) => Label(c.Label, check);

    internal static double Label(string label, Func<double> check)
    {
        try { return check(); }
        catch (CheckFailure e) when (e is not FatalCheckFailure) { throw new CheckFailure($"case \"{label}\": {e.Message}"); }
    }
}
