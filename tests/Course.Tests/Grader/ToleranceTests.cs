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
    public void The_master_solution_passes_every_correctness_check_over_200_seeds() =>
        MasterPassesEveryCorrectnessCheck(Repo.MasterNotebook, "fully-connected", 200, "speed");

    /// <summary>The autodiff master's operations and engine over 100 seeds: every operation's cases (broadcasting,
    /// rank 0, logits of ±1000) and the engine's graph, pass and order checks. The 100,000-node chain and the
    /// speed workload are the same graph on every seed, so the end-to-end tests cover them.</summary>
    [Test]
    public void The_autodiff_master_passes_every_correctness_check_over_100_seeds() =>
        MasterPassesEveryCorrectnessCheck(Repo.AutodiffMaster, "autodiff", 100, "speed", "deep");

    /// <summary>The optimizers master over 50 seeds: every trajectory, weight-decay and value check. Fifty steps
    /// of two implementations of the same rule agree to rounding, whatever the draw.</summary>
    [Test]
    public void The_optimizers_master_passes_every_correctness_check_over_50_seeds() =>
        MasterPassesEveryCorrectnessCheck(Repo.OptimizersMaster, "optimizers", 50, "speed");

    /// <summary>Grades <paramref name="master"/>'s units with seeds 0 … <paramref name="seeds"/> − 1 in one pair of
    /// workers, leaving out <paramref name="skipped"/> checks, and expects every check to pass and no crash.</summary>
    private static void MasterPassesEveryCorrectnessCheck(string master, string homework, int seeds, params string[] skipped)
    {
        var intake = Intake.Run(Notebook.Load(master));
        using var student = WorkerSession.ForNotebook(intake.Cells);
        using var reference = WorkerSession.ForReference();
        student.Start();
        reference.Start();
        var grader = new UnitGrader(Repo.Course.SpeedBuckets, new SpeedSettings());
        var units = Repo.Course.FindHomework(homework)!.Units
            .Select(u => u with { Points = u.Points.Where(p => !skipped.Contains(p.Key)).ToDictionary() }).ToList();

        var failures = new List<string>();
        int checks = 0;
        for (int seed = 0; seed < seeds; seed++)
            foreach (var unit in units)
            {
                var calls = new Calls(student, reference, TimeSpan.FromSeconds(30), "");
                foreach (var result in grader.Grade(UnitCatalog.Find(homework, unit.Id)!, unit, calls, seed, compileFailure: null))
                {
                    checks++;
                    if (!result.Passed) failures.Add($"seed {seed}, {result.Unit}/{result.Check}: {result.Message}");
                }
            }
        Assert.That(failures, Is.Empty, $"{failures.Count} failures, the first: {string.Join("\n", failures.Take(5))}");
        Assert.That(checks, Is.EqualTo(seeds * units.Sum(u => u.Points.Count)));
        Assert.That(student.Starts, Is.EqualTo(1), "the worker never crashed");
    }
}
