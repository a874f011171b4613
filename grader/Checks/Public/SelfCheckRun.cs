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
        if (options.CallTimeoutSeconds is not (> 0 and <= 3600))
            throw new UngradableException($"--timeout {options.CallTimeoutSeconds}: give a number of seconds between 0 and 3600");
        var notebook = Notebook.Load(options.NotebookPath);
        var homework = ChooseHomework(options, course);
        if (options.OnlyUnits?.FirstOrDefault(id => homework.Units.All(u => u.Id != id)) is { } unknown)
            throw new UngradableException($"homework \"{homework.Id}\" has no unit \"{unknown}\"; its units are {string.Join(", ", homework.Units.Select(u => u.Id))}");
        var units = homework.Units.Where(u => options.OnlyUnits is null || options.OnlyUnits.Contains(u.Id))
            .Select(u => UnitCatalog.Find(u.Id) ?? throw new UngradableException($"course.json names an unknown unit {u.Id}")).ToList();

        var intake = Intake.Run(notebook);
        using var student = WorkerSession.ForNotebook(intake.Cells);
        progress?.Invoke("compiling");
        var compiled = CompiledNotebook.Compile(student, intake);
        var warnings = intake.Warnings.Concat(compiled.Warnings).ToList();

        var results = new List<PublicCheckResult>();
        foreach (var unit in units)
        {
            progress?.Invoke(unit.Id);
            if (compiled.FailureOf(unit.Id) is { } failure)
            {
                results.Add(new(unit.Id, "compiles", PublicOutcome.Failed, failure,
                    "fix the compile error first (the notebook shows it when you run the cell); the unit's checks run once it compiles"));
                continue;
            }
            string cell = intake.UnitCells.TryGetValue(unit.Id, out int index) ? $" (unit {unit.Id}, cell {index})" : $" (unit {unit.Id})";
            var calls = new StudentCalls(student, TimeSpan.FromSeconds(options.CallTimeoutSeconds), unit.Id, unit.ClassName, cell);
            results.AddRange(PublicUnitChecker.Check(unit, calls, PublicSeed));
        }
        return new SelfCheckReport(notebook.Path, homework, units.Select(u => u.Id).ToList(), results, warnings, clock.Elapsed.TotalSeconds);
    }

    private static Homework ChooseHomework(SelfCheckOptions options, CourseConfig course)
    {
        if (options.AssignmentId is { } id)
            return course.FindHomework(id)
                   ?? throw new UngradableException($"course.json has no homework \"{id}\"; it has: {string.Join(", ", course.Homework.Select(h => h.Id))}");
        return course.HomeworkForNotebook(options.NotebookPath)
               ?? throw new UngradableException(
                   $"{options.NotebookPath}: no homework in course.json lists a notebook of this name; pass --assignment ID " +
                   $"(one of: {string.Join(", ", course.Homework.Select(h => h.Id))})");
    }
}
