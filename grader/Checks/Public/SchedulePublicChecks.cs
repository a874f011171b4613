using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>The public checks of a schedule, from its documented shape alone.</summary>
public sealed class SchedulePublicChecks(StudentCalls calls, ScheduleUnit unit, Random random)
{
    public IReadOnlyList<PublicCheck> Checks() => [new("values", Values)];

    private string Values()
    {
        var cases = unit.Cases(random);
        foreach (var c in cases)
        {
            var lr = calls.Call(Requests.Schedule(c), "LearningRate")[0].Data;
            double baseRate = ((UnitArg.Real)c.Spec.Args[0]).Value;
            if (lr.Any(v => !double.IsFinite(v) || v < 0))
                throw new PublicCheckFailure($"schedule \"{c.Label}\": a learning rate is negative or not finite", "a schedule's rates lie between its floor and its base rate");
            if (lr.Any(v => v > baseRate * (1 + 1e-12)))
                throw new PublicCheckFailure($"schedule \"{c.Label}\": a learning rate exceeds the base rate {NumberText.Of(baseRate)}", "no schedule here ever goes above its base rate");
            if (unit.Id != "cosine_warmup" && Math.Abs(lr[0] - baseRate) > 1e-12 * baseRate)
                throw new PublicCheckFailure($"schedule \"{c.Label}\": LearningRate(0) is {NumberText.Of(lr[0])}, not the base rate {NumberText.Of(baseRate)}",
                    "steps count from 0: the first step uses the base rate (γ⁰ = 1)");
            for (int t = 1; t < lr.Length; t++)
                if (unit.Id != "cosine_warmup" && lr[t] > lr[t - 1] * (1 + 1e-12))
                    throw new PublicCheckFailure($"schedule \"{c.Label}\": the rate rises from step {t - 1} to step {t}", "step and exponential schedules never rise");
        }
        return $"rates are finite, never above the base rate and shaped as documented on {cases.Count} schedules";
    }
}
