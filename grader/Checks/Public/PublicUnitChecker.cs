using Course.Grader.Units;

namespace Course.Grader.Checks.Public;

/// <summary>A named public check; it returns what it found, or throws. <see cref="After"/> names a check that must pass first.</summary>
public sealed record PublicCheck(string Name, Func<string> Run, string? After = null);

/// <summary>
/// Runs the public checks of one unit in order. A check whose prerequisite failed is skipped (its result would only
/// repeat the first failure); a crash or a timeout ends the unit. Not-implemented code is a to-do, not a failure.
/// </summary>
public static class PublicUnitChecker
{
    public static List<PublicCheckResult> Check(UnitDefinition unit, StudentCalls calls, int seed)
    {
        // Each unit draws its cases from a stream of its own, so checking one unit never changes another's inputs.
        var random = new Random(seed ^ unit.Id.GetDeterministicHash());
        var checks = unit switch
        {
            ModuleUnit m => new ModulePublicChecks(calls, m, m.Cases(random)).Checks(),
            LossUnit l => new LossPublicChecks(calls, l, l.Cases(random)).Checks(),
            InitializerUnit i => new InitializerPublicChecks(calls, i, seed).Checks(),
            FunctionUnit f => new FunctionPublicChecks(calls, f, f.Cases(random)).Checks(),
            EngineUnit e => new EnginePublicChecks(calls, e, random).Checks(),
            OptimizerUnit o => new OptimizerPublicChecks(calls, o, random).Checks(),
            ClippingUnit c => new ClippingPublicChecks(calls, c, random).Checks(),
            ScheduleUnit s => new SchedulePublicChecks(calls, s, random).Checks(),
            _ => throw new GraderFault($"unit {unit.Id} has no public checks"),
        };
        return Run(unit.Id, checks);
    }

    public static List<PublicCheckResult> Run(string unit, IReadOnlyList<PublicCheck> checks)
    {
        var results = new List<PublicCheckResult>();
        string? stopped = null;
        foreach (var check in checks)
        {
            var before = check.After is null ? null : results.FirstOrDefault(r => r.Check == check.After);
            if (stopped is not null)
                results.Add(new(unit, check.Name, PublicOutcome.Skipped, $"not run: {stopped}"));
            else if (before is { Outcome: PublicOutcome.Failed or PublicOutcome.Skipped })
                results.Add(new(unit, check.Name, PublicOutcome.Skipped, $"not run until \"{before.Check}\" passes"));
            else
                results.Add(RunOne(unit, check, ref stopped));
        }
        return results;
    }

    private static PublicCheckResult RunOne(string unit, PublicCheck check, ref string? stopped)
    {
        try { return new(unit, check.Name, PublicOutcome.Passed, check.Run()); }
        catch (NotImplementedYet e) { return new(unit, check.Name, PublicOutcome.NotImplemented, $"not implemented yet: {e.Message}"); }
        catch (UnitStopped e)
        {
            stopped = "the previous check stopped the unit";
            return new(unit, check.Name, PublicOutcome.Failed, e.Message, e.Hint);
        }
        catch (PublicCheckFailure e) { return new(unit, check.Name, PublicOutcome.Failed, e.Message, e.Hint); }
        catch (GraderFault e)
        {
            stopped = "internal error";
            return new(unit, check.Name, PublicOutcome.Failed, $"internal error of the checker: {e.Message}", "tell the instructor; this is not your code's fault");
        }
    }
}
