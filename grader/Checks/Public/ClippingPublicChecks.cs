using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>The public checks of gradient clipping, from its definition alone.</summary>
public sealed class ClippingPublicChecks(StudentCalls calls, ClippingUnit unit, Random random)
{
    public IReadOnlyList<PublicCheck> Checks() => [new("values", Values)];

    private string Values()
    {
        var cases = unit.Cases(random);
        foreach (var c in cases)
        {
            var got = calls.Call(Requests.Clipping(c), "Clip");
            double norm = Math.Sqrt(c.Gradients.Sum(g => g.Data.Sum(v => v * v)));
            double maxNorm = ((UnitArg.Real)c.Spec.Args[0]).Value;
            if (Math.Abs(got[0].Data[0] - norm) > 1e-9 * norm)
                throw new PublicCheckFailure($"case \"{c.Label}\": Clip returned {NumberText.Of(got[0].Data[0])}; the global norm before clipping is {NumberText.Of(norm)}",
                    "return √(Σ g²) over every element of every gradient, computed before any scaling");
            double scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
            for (int k = 0; k < c.Gradients.Count; k++)
                if (RelativeError.Max(got[k + 1].Data, c.Gradients[k].Data.Select(v => v * scale).ToArray()) > 1e-9)
                    throw new PublicCheckFailure($"case \"{c.Label}\": gradient {k + 1} after Clip is not the original times {NumberText.Of(scale)}",
                        "scale every gradient by the same factor maxNorm / (norm + 1e-6), and only when the norm exceeds maxNorm");
        }
        return $"the norm and the scaled gradients are right on {cases.Count} cases";
    }
}
