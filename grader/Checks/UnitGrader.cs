using Course.Grader.Configuration;
using Course.Grader.Protocol;
using Course.Grader.Units;

namespace Course.Grader.Checks;

/// <summary>
/// Runs the checks of one unit in order — forward, gradient, speed — and turns each into points. Speed is only
/// measured for a unit that passed its correctness checks; a crash or timeout ends the unit's checks.
/// </summary>
public sealed class UnitGrader(IReadOnlyList<SpeedBucket> buckets, SpeedSettings speedSettings)
{
    public List<CheckResult> Grade(UnitDefinition unit, GradedUnitConfig config, Calls calls, int seed, string? compileFailure)
    {
        var results = new List<CheckResult>();
        string? fatal = null;
        foreach (var check in unit.Checks)
        {
            if (!config.Points.TryGetValue(check, out double max)) continue;
            if (compileFailure is not null) { results.Add(Fail(check, max, compileFailure)); continue; }
            if (fatal is not null) { results.Add(Fail(check, max, $"not run: {fatal}")); continue; }
            if (check == "speed" && results.Any(r => !r.Passed))
            {
                results.Add(Fail(check, max, $"no speed points until the {string.Join(" and ", results.Where(r => !r.Passed).Select(r => r.Check))} {(results.Count(r => !r.Passed) == 1 ? "check passes" : "checks pass")}"));
                continue;
            }
            try
            {
                // Each check draws its cases from its own stream, so adding a check never changes another's inputs.
                var random = new Random(seed ^ (unit.Id.GetDeterministicHash() * 31 + check.GetDeterministicHash()));
                if (check == "speed")
                {
                    var (fraction, ratio, message) = new SpeedCheck(SpeedSettingsFor(unit)).Measure(calls.ForSpeed(), SpeedWorkload(unit, random), buckets, seed);
                    results.Add(new CheckResult(unit.Id, check, Math.Round(max * fraction, 4), max, fraction > 0, message) { SpeedRatio = ratio });
                }
                else
                {
                    results.Add(new CheckResult(unit.Id, check, max, max, true, Correctness(unit, check, calls, random, seed)));
                }
            }
            catch (FatalCheckFailure e) { fatal = e.Message; results.Add(Fail(check, max, e.Message)); }
            catch (CheckFailure e) { results.Add(Fail(check, max, e.Message)); }
        }
        return results;

        CheckResult Fail(string check, double max, string message) => new(unit.Id, check, 0, max, false, message);
    }

    private static string Correctness(UnitDefinition unit, string check, Calls calls, Random random, int seed) => (unit, check) switch
    {
        (ModuleUnit m, "forward") => ModuleChecks.Forward(calls, m.Cases(random)),
        (ModuleUnit m, "gradient") => ModuleChecks.Gradient(calls, m.Cases(random)),
        (LossUnit l, "forward") => LossChecks.Forward(calls, l.Cases(random)),
        (LossUnit l, "gradient") => LossChecks.Gradient(calls, l.Cases(random)),
        (InitializerUnit i, "forward") => InitializerChecks.Distribution(calls, i, seed),
        (FunctionUnit f, "forward") => FunctionChecks.Forward(calls, f.Cases(random)),
        (FunctionUnit f, "gradient") => FunctionChecks.Gradient(calls, f.Cases(random)),
        (EngineUnit e, "graphs") => EngineChecks.Graphs(calls, UnitCatalog.Spec(e.ClassName), random),
        (EngineUnit e, "passes") => EngineChecks.Passes(calls, UnitCatalog.Spec(e.ClassName), random),
        (EngineUnit e, "order") => EngineChecks.Order(calls, UnitCatalog.Spec(e.ClassName), random),
        (EngineUnit e, "deep") => EngineChecks.Deep(calls, UnitCatalog.Spec(e.ClassName), random),
        (OptimizerUnit o, "trajectory") => OptimizerChecks.Trajectories(calls, o.Cases(random)),
        (OptimizerUnit o, "weight_decay") => OptimizerChecks.Trajectories(calls, o.DecayCases(random)),
        (ClippingUnit c, "values") => OptimizerChecks.Clipping(calls, c.Cases(random)),
        (ScheduleUnit s, "values") => OptimizerChecks.Schedules(calls, s.Cases(random)),
        _ => throw new GraderFault($"unit {unit.Id} has no {check} check"),
    };

    /// <summary>
    /// An engine's run allocates thousands of small tensors and nodes, so its time varies with when the GC runs; a
    /// batch of a quarter second holds several collections and evens that out (rounds of 50 ms gave ratios from 0.2
    /// to 2.5 for identical engines).
    /// </summary>
    private SpeedSettings SpeedSettingsFor(UnitDefinition unit) => unit is EngineUnit
        ? speedSettings with { TargetBatchSeconds = Math.Max(speedSettings.TargetBatchSeconds, 0.25), RunLabel = "build + backward of the graph" }
        : unit is OptimizerUnit ? speedSettings with { RunLabel = "Step() over 1,000,000 parameters" }
        : speedSettings;

    /// <summary>The float32 workload, drawn once so that every round times the same data.</summary>
    private static CallRequest SpeedWorkload(UnitDefinition unit, Random random) => unit switch
    {
        ModuleUnit { SpeedCase: { } make } => Requests.Module(make(random), Operation.Prepare, ElementType.Float32),
        LossUnit loss => Requests.Loss(loss.SpeedCase(random), Operation.Prepare, ElementType.Float32),
        EngineUnit engine => EngineChecks.SpeedWorkload(UnitCatalog.Spec(engine.ClassName), random),
        OptimizerUnit optimizer => OptimizerChecks.SpeedWorkload(optimizer, random),
        _ => throw new GraderFault($"unit {unit.Id} has no speed workload"),
    };
}

internal static class StringHash
{
    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and grades must not be.</summary>
    public static int GetDeterministicHash(this string s)
    {
        uint hash = 2166136261;
        foreach (char c in s) hash = (hash ^ c) * 16777619;
        return (int)hash;
    }
}
