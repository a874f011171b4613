using System.Diagnostics;
using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.Grader.Workers;

namespace Course.Grader.Checks.Public;

public sealed record SelfCheckOptions(
    string NotebookPath,
    string? AssignmentId = null,
    IReadOnlyCollection<string>? OnlyUnits = null,
    double CallTimeoutSeconds = 10);

/// <summary>
/// The student's self-check: intake and compile as <c>grade</c> does, in one student worker, then the public checks
/// of each unit. It never starts a reference worker and needs no reference assembly, so it runs from the student kit.
/// </summary>
public static class SelfCheckRun
{
    /// <summary>Fixed, so a student sees the same result on every run; not grade's seed, so the inputs differ from the graded ones.</summary>
    public const int PublicSeed = 271828;

    public static SelfCheckReport Run(SelfCheckOptions options, CourseConfig course, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var submission = Submission.Prepare(options.NotebookPath, options.AssignmentId, options.OnlyUnits, options.CallTimeoutSeconds, course);
        var units = submission.Units;
        using var student = WorkerSession.ForNotebook(submission.Intake.Cells, submission.Homework.AllowParallelism);
        progress?.Invoke("compiling");
        var compiled = CompiledNotebook.Compile(student, submission);
        var warnings = submission.Warnings.Concat(compiled.Warnings).ToList();

        var results = new List<PublicCheckResult>();
        foreach (var unit in units)
        {
            progress?.Invoke(unit.Id);
            if (compiled.FailureOf(unit) is { } failure)
            {
                results.Add(new(unit.Id, "compiles", PublicOutcome.Failed, failure,
                    "fix the compile error first (the notebook shows it when you run the cell); the unit's checks run once it compiles"));
                continue;
            }
            string cell = submission.CellOf(unit.Id) is var index and > 0 ? $" (unit {unit.Id}, cell {index})" : $" (unit {unit.Id})";
            var calls = new StudentCalls(student, TimeSpan.FromSeconds(options.CallTimeoutSeconds), unit.Id, unit.ClassName, cell);
            results.AddRange(PublicUnitChecker.Check(unit, calls, PublicSeed));
        }
        return new SelfCheckReport(submission.Notebook.Path, submission.Homework, units.Select(u => u.Id).ToList(), results, warnings, clock.Elapsed.TotalSeconds);
    }
}
