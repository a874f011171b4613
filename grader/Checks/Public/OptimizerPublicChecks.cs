using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>
/// The public checks of an optimizer, with no reference to ask and no copy of the update rule (the kit ships this
/// code): each compares the student's optimizer with itself. Runs stay finite and Step leaves the gradients alone;
/// no arguments means the documented defaults; two parameters stepped together move exactly as each does alone
/// (state per parameter); weight decay changes the run.
/// </summary>
public sealed class OptimizerPublicChecks(StudentCalls calls, OptimizerUnit unit, Random random)
{
    private readonly IReadOnlyList<OptimizerCase> cases = unit.Cases(random);

    public IReadOnlyList<PublicCheck> Checks() =>
    [
        new("runs", Runs),
        new("defaults", Defaults, After: "runs"),
        new("state per parameter", StatePerParameter, After: "runs"),
        new("weight decay", WeightDecay, After: "runs"),
    ];

    private string Runs()
    {
        foreach (var c in cases)
        {
            var got = Run(c);
            for (int k = 0; k < got.Count; k++)
            {
                int bad = Array.FindIndex(got[k].Data, v => !double.IsFinite(v));
                if (bad >= 0)
                    throw new PublicCheckFailure($"run \"{c.Label}\": parameter {k + 1} became {NumberText.Of(got[k].Data[bad])} after step {bad / (got[k].Data.Length / c.Run.Steps) + 1}",
                        "look for a division by a quantity that can be 0 (ε belongs in the denominator) or a square root of a negative number");
            }
        }
        return $"{cases.Count} runs of {cases[0].Run.Steps} steps stay finite and leave the gradients unchanged";
    }

    private string Defaults()
    {
        var c = cases[0];
        var implicitDefaults = Run(c);
        var spelledOut = Run(c with { Spec = c.Spec with { Args = unit.Defaults } });
        Same(implicitDefaults, spelledOut, c, "with no arguments after the parameters, the run differs from the one with the documented defaults " +
            $"({string.Join(", ", unit.Defaults)})", "give every constructor parameter PyTorch's default, as in the contract's table");
        return $"no arguments give the same run as the documented defaults ({string.Join(", ", unit.Defaults)})";
    }

    private string StatePerParameter()
    {
        var c = cases.First(c => c.Start.Count > 1 && c.Run.Objective == Objective.Quadratic);
        var together = Run(c);
        for (int k = 0; k < c.Start.Count; k++)
        {
            var alone = c with { Start = [c.Start[k]], ObjectiveInputs = [c.ObjectiveInputs[2 * k], c.ObjectiveInputs[2 * k + 1]] };
            Same([together[k]], Run(alone), alone, $"parameter {k + 1} moves differently when stepped with the others than alone",
                "keep the state (velocity, moments, step count) per parameter: one tensor per parameter, created for that parameter's shape");
        }
        return $"each of {c.Start.Count} parameters moves the same stepped with the others as alone";
    }

    private string WeightDecay()
    {
        var c = cases[1];
        var plain = Run(c);
        var decayArgs = c.Spec.Args.Take(c.Spec.Args.Count - 1).Append(new UnitArg.Real(0.1)).ToList();
        var decayed = Run(c with { Spec = c.Spec with { Args = decayArgs } });
        double change = RelativeError.Max(decayed[0].Data, plain[0].Data);
        if (change < 1e-9)
            throw new PublicCheckFailure("a weight decay of 0.1 leaves the run unchanged", "the last constructor parameter is the weight decay; use it in Step");
        return "weight decay changes the run";
    }

    private IReadOnlyList<WireTensor> Run(OptimizerCase c) => calls.Call(Requests.Optimizer(c), "Step");

    private static void Same(IReadOnlyList<WireTensor> a, IReadOnlyList<WireTensor> b, OptimizerCase c, string what, string hint)
    {
        for (int k = 0; k < a.Count; k++)
            if (RelativeError.Max(a[k].Data, b[k].Data) > 1e-12)
                throw new PublicCheckFailure($"run \"{c.Label}\": {what}", hint);
    }
}
