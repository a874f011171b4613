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
}
