using Course.Grader.Checks;
using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Grader.Units;
using Course.Grader.Workers;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>
/// A correct solution must never fail a correctness check, whatever the seed: the tolerances are checked here
/// over 200 seeds with the master notebook's solutions against the reference, in the real workers.
/// </summary>
[NonParallelizable]
public class ToleranceTests
{
    [Test]
    public void The_master_solution_passes_every_correctness_check_over_200_seeds()
    {
        var intake = Intake.Run(Notebook.Load(Repo.MasterNotebook));
        using var student = WorkerSession.ForNotebook(intake.Cells);
        using var reference = WorkerSession.ForReference();
        student.Start();
        reference.Start();
        var grader = new UnitGrader(Repo.Course.SpeedBuckets, new SpeedSettings());
        var units = Repo.Course.FindHomework("fully-connected")!.Units
            .Select(u => u with { Points = u.Points.Where(p => p.Key != "speed").ToDictionary() }).ToList();

        var failures = new List<string>();
        int checks = 0;
        for (int seed = 0; seed < 200; seed++)
            foreach (var unit in units)
            {
                var calls = new Calls(student, reference, TimeSpan.FromSeconds(30), "");
                foreach (var result in grader.Grade(UnitCatalog.Find("fully-connected", unit.Id)!, unit, calls, seed, compileFailure: null))
                {
                    checks++;
                    if (!result.Passed) failures.Add($"seed {seed}, {result.Unit}/{result.Check}: {result.Message}");
                }
            }
        Assert.That(failures, Is.Empty, $"{failures.Count} failures in: {string.Join(", ", failures.Select(f => f.Split(',')[1].Split(':')[0]).Distinct())}");
        Assert.That(checks, Is.EqualTo(200 * units.Sum(u => u.Points.Count)));
        Assert.That(student.Starts, Is.EqualTo(1), "the worker never crashed");
    }

    /// <summary>The autodiff master's operations and engine over 100 seeds: every operation's cases (broadcasting,
    /// rank 0, logits of ±1000) and the engine's graph, pass and order checks. The 100,000-node chain and the
    /// speed workload are the same graph on every seed, so the end-to-end tests cover them.</summary>
    [Test]
    public void The_autodiff_master_passes_every_correctness_check_over_100_seeds()
    {
        var intake = Intake.Run(Notebook.Load(Repo.AutodiffMaster));
        using var student = WorkerSession.ForNotebook(intake.Cells);
        using var reference = WorkerSession.ForReference();
        student.Start();
        reference.Start();
        var grader = new UnitGrader(Repo.Course.SpeedBuckets, new SpeedSettings());
        var homework = Repo.Course.FindHomework("autodiff")!;
        var units = homework.Units
            .Select(u => u with { Points = u.Points.Where(p => p.Key is not ("speed" or "deep")).ToDictionary() }).ToList();

        var failures = new List<string>();
        int checks = 0;
        for (int seed = 0; seed < 100; seed++)
            foreach (var unit in units)
            {
                var calls = new Calls(student, reference, TimeSpan.FromSeconds(30), "");
                foreach (var result in grader.Grade(UnitCatalog.Find("autodiff", unit.Id)!, unit, calls, seed, compileFailure: null))
                {
                    checks++;
                    if (!result.Passed) failures.Add($"seed {seed}, {result.Unit}/{result.Check}: {result.Message}");
                }
            }
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        Assert.That(checks, Is.EqualTo(100 * units.Sum(u => u.Points.Count)));
        Assert.That(student.Starts, Is.EqualTo(1), "the worker never crashed");
    }

    /// <summary>The optimizers master over 50 seeds: every trajectory, weight-decay and value check. Fifty steps
    /// of two implementations of the same rule agree to rounding, whatever the draw.</summary>
    [Test]
    public void The_optimizers_master_passes_every_correctness_check_over_50_seeds()
    {
        var intake = Intake.Run(Notebook.Load(Repo.OptimizersMaster));
        using var student = WorkerSession.ForNotebook(intake.Cells);
        using var reference = WorkerSession.ForReference();
        student.Start();
        reference.Start();
        var grader = new UnitGrader(Repo.Course.SpeedBuckets, new SpeedSettings());
        var units = Repo.Course.FindHomework("optimizers")!.Units
            .Select(u => u with { Points = u.Points.Where(p => p.Key != "speed").ToDictionary() }).ToList();

        var failures = new List<string>();
        int checks = 0;
        for (int seed = 0; seed < 50; seed++)
            foreach (var unit in units)
            {
                var calls = new Calls(student, reference, TimeSpan.FromSeconds(30), "");
                foreach (var result in grader.Grade(UnitCatalog.Find("optimizers", unit.Id)!, unit, calls, seed, compileFailure: null))
                {
                    checks++;
                    if (!result.Passed) failures.Add($"seed {seed}, {result.Unit}/{result.Check}: {result.Message}");
                }
            }
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        Assert.That(checks, Is.EqualTo(50 * units.Sum(u => u.Points.Count)));
        Assert.That(student.Starts, Is.EqualTo(1), "the worker never crashed");
    }
}
