using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks;

/// <summary>
/// The checks of an optimizer, clipping and a schedule. An optimizer runs 50 steps in both workers from the same
/// start on the same objective; its parameters are compared after every step, and a failure names the first step,
/// the parameter and the element where the two part, with what that run was testing.
/// </summary>
public static class OptimizerChecks
{
    /// <summary>
    /// Two correct implementations that differ only in the order of floating-point operations (PyTorch's
    /// step_size/denominator form of Adam against the textbook m̂/(√v̂ + ε), say) part by ~1e-16 at the first step,
    /// but 50 steps amplify that: RMSProp's normalised steps on the MLP reached 6e-7 over 50 seeds. Every mistake
    /// the fixtures plant parts by 1e-2 or more.
    /// </summary>
    public const double TrajectoryTolerance = 1e-5;

    /// <summary>Parameters pass through zero on their way (biases especially); there a relative error means nothing,
    /// so an element smaller than this is judged on this scale.</summary>
    public const double TrajectoryFloor = 1e-3;

    /// <summary>Parameters of the speed workload: 800·1000 + 1000 + 199·1000 = 1,000,000.</summary>
    public static readonly int[][] SpeedShapes = [[800, 1000], [1000], [199, 1000]];

    public static string Trajectories(Calls calls, IReadOnlyList<OptimizerCase> cases)
    {
        double worst = 0;
        foreach (var c in cases)
        {
            var got = calls.Student(Requests.Optimizer(c), "Step");
            var expected = calls.Reference(Requests.Optimizer(c));
            worst = Math.Max(worst, ModuleChecks.Label(c.Label, () => SameTrajectory(got, expected, c)));
        }
        return $"every parameter matches the reference's after each of {cases[0].Run.Steps} steps on {cases.Count} runs (max relative error {RelativeError.Format(worst)})";
    }

    /// <summary>The float32 speed workload: fixed gradients, the optimizer's defaults, one Step() per timed run.</summary>
    public static CallRequest SpeedWorkload(OptimizerUnit unit, Random r)
    {
        var start = SpeedShapes.Select(s => Draw.Normal(r, 0.1, s)).ToList();
        var gradients = SpeedShapes.Select(s => Draw.Normal(r, 1, s)).ToList();
        var c = new OptimizerCase("1,000,000 parameters", UnitCatalog.Spec(unit.ClassName), start, new OptimizerRun(Objective.FixedGradients, 1, []), gradients, "");
        return Requests.Optimizer(c, Operation.Prepare, ElementType.Float32);
    }

    public static string Clipping(Calls calls, IReadOnlyList<ClippingCase> cases)
    {
        foreach (var c in cases)
        {
            var got = calls.Student(Requests.Clipping(c), "Clip");
            var expected = calls.Reference(Requests.Clipping(c));
            ModuleChecks.Label(c.Label, () =>
            {
                Compare.Close(got[0], expected[0], Compare.ReferenceTolerance, "the norm Clip returned", "the global norm √(Σ g²) over all gradients, before clipping");
                for (int k = 1; k < expected.Count; k++)
                    Compare.Close(got[k], expected[k], Compare.ReferenceTolerance, $"gradient {k} after Clip", "the reference's (every gradient scaled by maxNorm / (norm + 1e-6) when norm > maxNorm)");
                return 0;
            });
        }
        return $"the norm and the clipped gradients match the reference on {cases.Count} cases";
    }

    public static string Schedules(Calls calls, IReadOnlyList<ScheduleCase> cases)
    {
        foreach (var c in cases)
        {
            var got = calls.Student(Requests.Schedule(c), "LearningRate")[0];
            var expected = calls.Reference(Requests.Schedule(c))[0];
            ModuleChecks.Label(c.Label, () =>
            {
                if (Shifted(got.Data, expected.Data) is { } shift)
                    throw new CheckFailure($"LearningRate(t) is the reference's LearningRate(t {(shift > 0 ? "+" : "−")} 1): off by one step; " +
                                           "steps count from 0, and LearningRate(0) is the rate of the first step (the base rate, or the first warm-up rate)");
                return Compare.Close(got, expected, Compare.ReferenceTolerance, "the learning rates of steps 0, 1, 2, …", "the reference's");
            });
        }
        return $"the learning rate of every step matches the reference on {cases.Count} schedules";
    }

    private static double SameTrajectory(IReadOnlyList<WireTensor> got, IReadOnlyList<WireTensor> expected, OptimizerCase c)
    {
        if (got.Count != expected.Count) throw new GraderFault($"{got.Count} trajectories for {expected.Count} parameters");
        int steps = c.Run.Steps;
        double worst = 0;
        for (int t = 0; t < steps; t++)
            for (int k = 0; k < expected.Count; k++)
            {
                int size = expected[k].Data.Length / steps;
                var mine = got[k].Data.AsSpan(t * size, size);
                var theirs = expected[k].Data.AsSpan(t * size, size);
                double error = RelativeError.Max(mine, theirs, out int at, TrajectoryFloor);
                if (!(error <= TrajectoryTolerance))
                {
                    var shape = expected[k].Shape[1..];
                    string value = double.IsFinite(mine[at]) ? $"{mine[at]:G6}" : $"{mine[at]} (the run diverged)";
                    throw new CheckFailure(
                        $"parameter {k + 1} of shape ({string.Join(", ", shape)}) parts from the reference's after step {t + 1} of {steps}: " +
                        $"{value} instead of {theirs[at]:G6} at {Compare.Index(shape, at)} (relative error {RelativeError.Format(error)}); {c.Hint}");
                }
                worst = Math.Max(worst, error);
            }
        return worst;
    }

    /// <summary>+1 when got[t] = expected[t + 1] for every t, −1 when got[t] = expected[t − 1], else null.</summary>
    private static int? Shifted(double[] got, double[] expected)
    {
        if (got.Length != expected.Length || got.Length < 3) return null;
        bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b));
        if (got.AsSpan().SequenceEqual(expected)) return null;
        if (Enumerable.Range(0, got.Length - 1).All(t => Close(got[t], expected[t + 1]))) return 1;
        if (Enumerable.Range(1, got.Length - 1).All(t => Close(got[t], expected[t - 1]))) return -1;
        return null;
    }
}
