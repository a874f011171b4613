using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.Worker;

namespace Course.Tests.Oracle;

/// <summary>
/// The hidden reference decides every grade, so it is checked against an implementation nobody here wrote: for every
/// graded unit of every homework, the reference's outputs on the grader's own calls (run in-process through the
/// worker's own <see cref="CallHandler"/>, exactly as the reference worker runs them) equal PyTorch's within 1e-6
/// relative in float64 and 1e-4 in float32, and optimizers follow torch.optim's trajectories over 100 steps.
/// </summary>
[TestFixture, NonParallelizable]
public class TorchAgreementTests
{
    /// <summary>Three seeds in every test run; ORACLE_SEEDS=N runs N (the closing figures used 30).</summary>
    private static readonly int[] Seeds =
        Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("ORACLE_SEEDS"), out int n) && n > 0 ? n : 3).ToArray();

    private const double Float64Tolerance = 1e-6, Float32Tolerance = 1e-4;

    private static readonly Lazy<(string Version, Dictionary<string, TorchOracle.Answer> Answers)> Torch = new(() =>
        TorchOracle.Run(AllCases().Select(c => (c.Id, c.Call)).ToList()));

    private static IEnumerable<OracleCase> AllCases() =>
        UnitCatalog.ByHomework.SelectMany(h => h.Value.SelectMany(u => Seeds.SelectMany(seed => OracleCases.For(h.Key, u, seed))));

    public static IEnumerable<TestCaseData> ComparedUnits() =>
        UnitCatalog.ByHomework.SelectMany(h => h.Value.Where(u => u is not InitializerUnit)
            .Select(u => new TestCaseData(h.Key, u.Id).SetName($"Reference agrees with PyTorch: {h.Key}/{u.Id}")));

    public static IEnumerable<TestCaseData> Initializers() =>
        UnitCatalog.ByHomework.SelectMany(h => h.Value.OfType<InitializerUnit>()
            .Select(u => new TestCaseData(h.Key, u.Id).SetName($"Reference draws from PyTorch's distribution: {h.Key}/{u.Id}")));

    [TestCaseSource(nameof(ComparedUnits))]
    public void Reference_agrees_with_PyTorch(string homework, string unitId)
    {
        var cases = CasesOf(homework, unitId);
        var (version, answers) = Torch.Value;
        var worst = new Dictionary<ElementType, (double Error, string Where)>();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var reference = RunReference(c.Call);
            var torch = answers[c.Id];
            Assert.That(torch.Error, Is.Null, $"PyTorch could not compute {c.Id}: {torch.Error}");
            Assert.That(torch.Outputs, Has.Count.EqualTo(reference.Count), $"{c.Id}: PyTorch returned another number of outputs than the reference");
            double tolerance = c.Call.ElementType == ElementType.Float32 ? Float32Tolerance : Float64Tolerance;
            for (int i = 0; i < reference.Count; i++)
            {
                string where = $"{c.Label} ({c.Call.ElementType}), {c.OutputNames[i]}";
                var comparison = RelativeDifference.Of(reference[i], torch.Outputs[i], c.Call.ElementType == ElementType.Float32 ? 1 : 1e-3);
                if (comparison.Problem is { } problem) { failures.Add($"{where}: {problem}"); continue; }
                if (comparison.Error > tolerance)
                    failures.Add($"{where}: relative difference {comparison.Error:0.0e0} > {tolerance:0e0} at {Position(reference[i], comparison.Index, c.Call.Operation)} " +
                                 $"(reference {reference[i].Data[comparison.Index]:R}, PyTorch {torch.Outputs[i].Data[comparison.Index]:R})" +
                                 (c.Call.Operation == Operation.OptimizerTrajectory ? "; by step: " + ByStep(reference[i], torch.Outputs[i], c.Call.ElementType) : ""));
                if (!worst.TryGetValue(c.Call.ElementType, out var w) || comparison.Error > w.Error)
                    worst[c.Call.ElementType] = (comparison.Error, where);
            }
        }
        TestContext.Out.WriteLine($"{homework}/{unitId}: {cases.Count} calls against PyTorch {version}");
        foreach (var (type, w) in worst.OrderBy(p => p.Key))
            TestContext.Out.WriteLine($"  worst relative difference, {type}: {w.Error:0.0e0} ({w.Where})");
        Assert.That(failures, Is.Empty, $"the reference's {homework}/{unitId} differs from PyTorch:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary><see cref="KnownDifferences.InitializerRandomness"/></summary>
    [TestCaseSource(nameof(Initializers))]
    public void Reference_draws_from_PyTorchs_distribution(string homework, string unitId)
    {
        var (version, answers) = Torch.Value;
        foreach (var c in CasesOf(homework, unitId))
        {
            var ours = RunReference(c.Call)[0];
            var torch = answers[c.Id];
            Assert.That(torch.Error, Is.Null, $"PyTorch could not compute {c.Id}: {torch.Error}");
            Assert.That(ours.Shape, Is.EqualTo(torch.Outputs[0].Shape), $"{c.Id}: shape");
            var (d, critical) = Distributions.KolmogorovSmirnov(ours.Data, torch.Outputs[0].Data);
            double spread = Distributions.StandardDeviation(ours.Data) / Distributions.StandardDeviation(torch.Outputs[0].Data);
            TestContext.Out.WriteLine($"{c.Id} vs PyTorch {version}: KS distance {d:0.0000} (critical {critical:0.0000} at α = 0.001), std ratio {spread:0.0000} (allowed 1 ± {5 * Math.Sqrt(1.0 / ours.Data.Length):0.0000})");
            Assert.That(d, Is.LessThan(critical), $"{c.Id}: the reference's samples do not follow torch.nn.init's distribution (KS distance {d:0.0000})");
            // Five standard errors of a ratio of two sample deviations, √(1/2n + 1/2m), for normal samples (less for uniform).
            double allowed = 5 * Math.Sqrt(1.0 / ours.Data.Length);
            Assert.That(spread, Is.EqualTo(1).Within(allowed), $"{c.Id}: the reference's spread differs from torch.nn.init's");
        }
    }

    /// <summary>The oracle covers every unit the catalog grades, and says where it differs from PyTorch on purpose.</summary>
    [Test]
    public void Every_graded_unit_has_cases_and_every_difference_is_stated()
    {
        foreach (var (homework, units) in UnitCatalog.ByHomework)
            foreach (var unit in units)
                Assert.That(CasesOf(homework, unit.Id), Is.Not.Empty, $"{homework}/{unit.Id} has no oracle cases");
        foreach (var line in KnownDifferences.All)
        {
            Assert.That(line, Does.Not.Contain("\n"), "one line each");
            TestContext.Out.WriteLine("intentional difference: " + line);
        }
    }

    /// <summary>A trajectory's difference after steps 1, 10, 20, …: growing by a constant factor a step is chaos.</summary>
    private static string ByStep(WireTensor ours, WireTensor torch, ElementType type)
    {
        int steps = ours.Shape[0], perStep = ours.Data.Length / steps;
        WireTensor Step(WireTensor t, int k) => new(t.Shape[1..], t.Data[(k * perStep)..((k + 1) * perStep)]);
        return string.Join(", ", new[] { 0 }.Concat(Enumerable.Range(1, steps / 10).Select(k => 10 * k - 1))
            .Select(k => $"{k + 1}: {RelativeDifference.Of(Step(ours, k), Step(torch, k), type == ElementType.Float32 ? 1 : 1e-3).Error:0e0}"));
    }

    /// <summary>An element's index, or for a trajectory the step and the element within it.</summary>
    private static string Position(WireTensor t, int index, Operation operation)
    {
        if (operation != Operation.OptimizerTrajectory) return $"element {index}";
        int perStep = t.Data.Length / t.Shape[0];
        return $"step {index / perStep + 1}, element {index % perStep}";
    }

    private static List<OracleCase> CasesOf(string homework, string unitId)
    {
        var unit = UnitCatalog.ByHomework[homework].Single(u => u.Id == unitId);
        return Seeds.SelectMany(seed => OracleCases.For(homework, unit, seed)).ToList();
    }

    private static readonly CallHandler Reference = new(new UnitResolver([typeof(Course.Reference.Linear<>).Assembly]));

    private static IReadOnlyList<WireTensor> RunReference(CallRequest call)
    {
        var result = Reference.Handle(call);
        Assert.That(result.Status, Is.EqualTo(CallStatus.Ok), $"the reference failed on {call.Unit}: {result.ExceptionType} {result.Message}");
        return result.Outputs;
    }
}
