using Course.Grader.Checks;
using Course.Grader.Protocol;
using Course.Grader.Units;

namespace Course.Tests.Oracle;

/// <summary>One call made of both the reference and PyTorch, and the name of each output it returns.</summary>
public sealed record OracleCase(string Homework, string Unit, string Label, CallRequest Call, IReadOnlyList<string> OutputNames)
{
    public string Id => $"{Homework}/{Unit}/{Label}/{Call.ElementType}";

    public override string ToString() => Id;
}

/// <summary>
/// The calls the oracle compares, drawn from the grader's own unit catalog, so that every graded unit of every
/// homework is covered as it lands (a unit without a PyTorch counterpart fails the test that asks for it): the
/// grader's cases for several seeds, each in float64 and float32, plus edge cases of zeros, ties and batches of one.
/// </summary>
public static class OracleCases
{
    /// <summary>Trajectories are compared over 100 steps (the grader itself runs 50).</summary>
    public const int OptimizerSteps = 100;

    public static IEnumerable<OracleCase> For(string homework, UnitDefinition unit, int seed)
    {
        var r = new Random(seed);
        IEnumerable<OracleCase> cases = unit switch
        {
            // A module in evaluation mode is only run forward (the grader's probes refuse a backward pass there).
            ModuleUnit m => m.Cases(r).Concat(ModuleEdgeCases(m, r)).SelectMany(c => BothTypes(type => c.Training
                ? Case(homework, unit, c.Label, Requests.Module(c, Operation.Backward, type), ModuleOutputs(c))
                : Case(homework, unit, c.Label, Requests.Module(c, Operation.Forward, type), ["Y"]))),
            LossUnit l => l.Cases(r).Concat(LossEdgeCases(l)).SelectMany(c => BothTypes(type =>
                Case(homework, unit, c.Label, Requests.Loss(c, Operation.LossBackward, type), ["loss", "dX"]))),
            FunctionUnit f => f.Cases(r).Concat(FunctionEdgeCases(f, r)).SelectMany(c => BothTypes(type =>
                Case(homework, unit, c.Label, Requests.Function(c, Operation.FunctionBackward) with { ElementType = type },
                    ["Y", .. c.Inputs.Select((_, i) => $"d(input {i + 1})")]))),
            EngineUnit e => EngineGraphs.Graphs(r).Concat(EngineGraphs.Passes(r))
                .Append(new EngineScenario("a random graph with dead branches", EngineGraphs.RandomDag(r, 40), ""))
                .SelectMany(s => BothTypes(type => Case(homework, unit, s.Label,
                    Requests.Graph(UnitCatalog.Spec(e.ClassName), s.Graph.Spec(s.Passes, s.ZeroGradBetween), s.Graph.Leaves, Operation.GraphBackward, type),
                    ["output", .. Enumerable.Range(0, s.Graph.Count).Select(i => $"grad of {s.Graph.Name(i)}"), "requires_grad", "number of parents"]))),
            OptimizerUnit o => o.Cases(r).Concat(o.DecayCases(r)).SelectMany(c => BothTypes(type =>
                Case(homework, unit, c.Label, Requests.Optimizer(c with { Run = HundredSteps(c.Run), Spec = StableNearTheMinimum(c.Spec) }, type: type),
                    c.Start.Select((_, k) => $"parameter {k + 1} after every step").ToList()))),
            ClippingUnit c => c.Cases(r).SelectMany(x => BothTypes(type =>
                Case(homework, unit, x.Label, Requests.Clipping(x) with { ElementType = type },
                    ["norm", .. x.Gradients.Select((_, k) => $"gradient {k + 1} after clipping")]))),
            ScheduleUnit s => s.Cases(r).Select(x => Case(homework, unit, x.Label, Requests.Schedule(UpToTotalSteps(x)), ["learning rate at every step"])),
            InitializerUnit i => new[] { (784, 256), (300, 100) }.Select(f =>
                Case(homework, unit, $"({f.Item1}, {f.Item2})", Requests.Initialize(UnitCatalog.Spec(i.ClassName), f.Item1, f.Item2, seed), ["W"])),
            _ => throw new NotSupportedException($"the oracle has no cases for a {unit.GetType().Name} ({homework}/{unit.Id})"),
        };
        return cases.Select(c => c with { Label = $"seed {seed}, {c.Label}" });
    }

    private static OracleCase Case(string homework, UnitDefinition unit, string label, CallRequest call, IReadOnlyList<string> names) =>
        new(homework, unit.Id, label, call, names);

    private static IEnumerable<OracleCase> BothTypes(Func<ElementType, OracleCase> make) =>
        [make(ElementType.Float64), make(ElementType.Float32)];

    private static List<string> ModuleOutputs(ModuleCase c) =>
    [
        "Y", "dX",
        .. c.ParameterNames.Select(n => $"d({n})"),
        .. c.ParameterNames.Select(n => $"d({n}) after a second backward (accumulated)"),
    ];

    /// <summary>The learning rates of a changing-rate run repeat every 13 steps, so the run extends exactly.</summary>
    private static OptimizerRun HundredSteps(OptimizerRun run) => run with
    {
        Steps = OptimizerSteps,
        LearningRates = run.LearningRates.Count == 0 ? [] : Enumerable.Range(0, OptimizerSteps).Select(t => run.LearningRates[t % 13]).ToList(),
    };

    /// <summary><see cref="KnownDifferences.CosineAfterTotal"/>: a cosine schedule is compared up to its last step T.</summary>
    private static ScheduleCase UpToTotalSteps(ScheduleCase c) =>
        c.Spec.ClassName == "CosineWarmupSchedule" && c.Spec.Args[2] is UnitArg.Int { Value: var total }
            ? c with { Steps = Math.Min(c.Steps, total + 1) }
            : c;

    /// <summary><see cref="KnownDifferences.ChaoticRuns"/>: RMSProp's runs (arguments η, α, ε, λ) take ε = 1.</summary>
    private static UnitSpec StableNearTheMinimum(UnitSpec spec) =>
        spec.ClassName == "RMSProp" && spec.Args.Count > 2
            ? spec with { Args = [.. spec.Args.Take(2), new UnitArg.Real(1.0), .. spec.Args.Skip(3)] }
            : spec;

    // ---- edge cases: exact zeros (the kinks of ReLU, LeakyReLU and ELU, where PyTorch's one-sided conventions
    // decide), ties (equal maxima in a softmax row), and a batch of one ----

    /// <summary>Zeros, repeated values and equal maxima, cycled to fill a shape.</summary>
    private static readonly double[] ZerosAndTies = [0, 1.5, -1, 0, 2, 2, -0.5, 0, 1.5, -2, 2];

    private static WireTensor Pattern(int[] shape, Func<double, double>? map = null)
    {
        int length = shape.Aggregate(1, (a, b) => a * b);
        return new WireTensor(shape, Enumerable.Range(0, length).Select(i => (map ?? (v => v))(ZerosAndTies[i % ZerosAndTies.Length])).ToArray());
    }

    private static IEnumerable<ModuleCase> ModuleEdgeCases(ModuleUnit unit, Random r)
    {
        var first = unit.Cases(r)[0];
        int columns = first.Input.Shape[^1];
        foreach (int rows in new[] { 1, 4 })
        {
            int[] shape = [rows, columns];
            yield return first with
            {
                Label = $"zeros and ties, batch {rows} × {columns}",
                Input = Pattern(shape),
                GradOutput = Pattern([rows, first.GradOutput.Shape[^1]], v => 0.5 - v / 3),
            };
        }
    }

    private static IEnumerable<LossCase> LossEdgeCases(LossUnit unit)
    {
        int[] shape = [3, 5];
        var spec = UnitCatalog.Spec(unit.ClassName);
        switch (unit.ClassName)
        {
            case "SoftmaxCrossEntropyLoss":
                yield return new LossCase("tied and zero logits", spec, Pattern(shape), OneHotRows(3, 5));
                yield return new LossCase("a batch of one with equal logits", spec, new WireTensor([1, 5], new double[5]), OneHotRows(1, 5));
                break;
            case "BCELoss":
                // Probabilities of exactly 0 and 1: PyTorch clamps each log at −100, and so does the reference.
                yield return new LossCase("probabilities of exactly 0, ½ and 1", spec,
                    new WireTensor([2, 3], [0, 0.5, 1, 1, 0.5, 0]), new WireTensor([2, 3], [0, 1, 1, 0, 0, 1]));
                break;
            case "BCEWithLogitsLoss":
                yield return new LossCase("zero and tied logits", spec, Pattern(shape), Pattern(shape, v => v > 0 ? 1 : 0));
                break;
            case "MSELoss":
                yield return new LossCase("zero residuals next to others", spec, Pattern(shape), Pattern(shape, v => v == 2 ? 1 : v));
                break;
            default:
                throw new NotSupportedException($"no edge cases for the loss {unit.ClassName}");
        }
    }

    private static WireTensor OneHotRows(int rows, int classes) =>
        new([rows, classes], Enumerable.Range(0, rows * classes).Select(i => i % classes == i / classes % classes ? 1.0 : 0).ToArray());

    private static IEnumerable<FunctionCase> FunctionEdgeCases(FunctionUnit unit, Random r)
    {
        foreach (var c in unit.Cases(r).Take(2))
        {
            // Each operation's domain: logarithms and fractional or negative powers need positive inputs, divisors
            // must not be zero.
            Func<double, double> map = c.Spec.ClassName switch
            {
                "LogOp" => v => Math.Abs(v) + 0.5,
                "PowOp" when c.Spec.Args[0] is UnitArg.Real { Value: var e } && (e < 0 || e != Math.Floor(e)) => v => Math.Abs(v) + 0.5,
                _ => v => v,
            };
            var inputs = c.Inputs.Select((x, i) => c.Spec.ClassName == "DivOp" && i == 1 ? Pattern(x.Shape, v => v == 0 ? 3 : v) : Pattern(x.Shape, map)).ToList();
            yield return c with { Label = $"zeros and ties, {c.Label}", Inputs = inputs, GradOutput = Pattern(c.GradOutput.Shape, v => 0.5 - v / 3) };
        }
    }
}
