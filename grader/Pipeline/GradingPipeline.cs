using System.Diagnostics;
using Course.Grader.Checks;
using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.Grader.Workers;

namespace Course.Grader.Pipeline;

public sealed record GradeOptions(
    string NotebookPath,
    string? AssignmentId = null,
    int Seed = GradingSeed.PublicDefault,
    double CallTimeoutSeconds = 10,
    DateTimeOffset? SubmittedAt = null,
    SpeedSettings? Speed = null,
    IReadOnlyCollection<string>? OnlyUnits = null,
    bool SecretSeed = false);

/// <summary>A notebook that cannot be graded at all (as opposed to one that scores badly).</summary>
public sealed class UngradableException(string message) : Exception(message);

/// <summary>
/// Grading as a row of steps: intake (read the notebook, take its C# cells, vet directives) → compile (in the
/// student's worker) → check every unit against the reference (in its own worker) → score → late policy. Each step
/// is a type of its own and can be run alone; this class only puts them in order.
/// </summary>
public static class GradingPipeline
{
    public static GradeReport Grade(GradeOptions options, CourseConfig course, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var submission = Submission.Prepare(options.NotebookPath, options.AssignmentId, options.OnlyUnits, options.CallTimeoutSeconds, course);
        var homework = submission.Homework;
        using var reference = WorkerSession.ForReference();
        using var student = WorkerSession.ForNotebook(submission.Intake.Cells, submission.Homework.AllowParallelism);
        using var timedStudent = WorkerSession.ForTimedNotebook(submission.Intake.Cells, submission.Homework.AllowParallelism);

        progress?.Invoke("compiling");
        var referenceStart = Task.Run(reference.Start);
        var compiled = CompiledNotebook.Compile(student, submission);
        referenceStart.GetAwaiter().GetResult();
        var warnings = submission.Warnings.Concat(compiled.Warnings).ToList();

        var grader = new UnitGrader(homework.SpeedBuckets ?? course.SpeedBuckets, options.Speed ?? new SpeedSettings());
        var results = new List<CheckResult>();
        foreach (var definition in submission.Units)
        {
            var unit = homework.Units.Single(u => u.Id == definition.Id);
            progress?.Invoke(unit.Id);
            int cell = submission.CellOf(unit.Id);
            string location = cell > 0 ? $" (unit {unit.Id}, cell {cell})" : $" (unit {unit.Id})";
            var calls = new Calls(student, reference, TimeSpan.FromSeconds(options.CallTimeoutSeconds), location, timedStudent);
            try
            {
                results.AddRange(grader.Grade(definition, unit, calls, options.Seed, compiled.FailureOf(definition)));
            }
            catch (GraderFault e)
            {
                // Never the student's fault: record it loudly rather than guess a score.
                warnings.Add($"internal error while grading {unit.Id}: {e.Message}");
                results.AddRange(unit.Points.Select(p => new CheckResult(unit.Id, p.Key, 0, p.Value, false, $"internal grader error: {e.Message}; tell the instructor")));
            }
        }
        var late = options.SubmittedAt is { } at ? LateOutcome.Apply(homework, course.LatePolicy, at) : null;
        return new GradeReport(submission.Notebook.Path, homework, results, warnings, clock.Elapsed.TotalSeconds, new GradingSeed(options.Seed, options.SecretSeed), late);
    }
}
