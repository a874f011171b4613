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
    int Seed = 20260914,
    double CallTimeoutSeconds = 10,
    DateTimeOffset? SubmittedAt = null,
    SpeedSettings? Speed = null,
    IReadOnlyCollection<string>? OnlyUnits = null);

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
        if (options.CallTimeoutSeconds is not (> 0 and <= 3600))
            throw new UngradableException($"--timeout {options.CallTimeoutSeconds}: give a number of seconds between 0 and 3600");
        var notebook = Notebook.Load(options.NotebookPath);
        var homework = ChooseHomework(options, course);
        var warnings = new List<string>();
        var reconciled = Reconciler.Reconcile(notebook, LoadMaster(course, homework, options.NotebookPath, warnings), UnitClasses(homework));
        warnings.AddRange(reconciled.Repairs.Select(r => "repaired: " + r));
        var intake = Intake.Run(reconciled.Notebook);
        warnings.AddRange(intake.Warnings);

        if (options.OnlyUnits?.FirstOrDefault(id => homework.Units.All(u => u.Id != id)) is { } unknown)
            throw new UngradableException($"homework \"{homework.Id}\" has no unit \"{unknown}\"; its units are {string.Join(", ", homework.Units.Select(u => u.Id))}");
        var units = homework.Units.Where(u => options.OnlyUnits is null || options.OnlyUnits.Contains(u.Id)).ToList();
        using var reference = WorkerSession.ForReference();
        using var student = WorkerSession.ForNotebook(intake.Cells);

        progress?.Invoke("compiling");
        var referenceStart = Task.Run(reference.Start);
        LoadResult? compiled = null;
        string? loadFailure = null;
        try { compiled = student.Start(); }
        catch (WorkerFailedException e) { loadFailure = $"the notebook could not be compiled: {e.Message}"; }
        referenceStart.GetAwaiter().GetResult();

        var diagnostics = intake.Problems.Concat(compiled?.Diagnostics ?? []).ToList();
        var failedCells = new HashSet<int>(intake.Problems.Select(p => p.Cell).Concat(compiled?.FailedCells ?? []));
        foreach (var d in diagnostics.Where(d => !d.IsError && !failedCells.Contains(d.Cell)).Take(20))
            warnings.Add($"cell {d.Cell}, line {d.Line}: warning {d.Id}: {d.Message}");
        foreach (int cell in failedCells.Where(c => !reconciled.UnitCells.Values.Contains(c)).Order())
            warnings.Add($"cell {cell} does not compile ({FirstError(diagnostics, cell)}); it is not graded, but a unit that uses it fails too");

        var grader = new UnitGrader(course.SpeedBuckets, options.Speed ?? new SpeedSettings());
        var results = new List<CheckResult>();
        foreach (var unit in units)
        {
            var definition = UnitCatalog.Find(unit.Id) ?? throw new UngradableException($"course.json names an unknown unit {unit.Id}");
            progress?.Invoke(unit.Id);
            reconciled.UnitCells.TryGetValue(unit.Id, out int cell);
            string location = cell > 0 ? $" (unit {unit.Id}, cell {cell})" : $" (unit {unit.Id})";
            string? compileFailure = loadFailure
                ?? (reconciled.MissingUnits.Contains(unit.Id)
                    ? $"the cell of unit {unit.Id} is missing: no cell is marked `{CellMarkers.UnitMarker(unit.Id)}` and none declares class " +
                      $"{definition.ClassName}; copy the cell from the released notebook and implement it there"
                    : null)
                ?? (cell > 0 && failedCells.Contains(cell) ? $"cell {cell} does not compile: {FirstError(diagnostics, cell)}" : null);
            var calls = new Calls(student, reference, TimeSpan.FromSeconds(options.CallTimeoutSeconds), location);
            try
            {
                results.AddRange(grader.Grade(definition, unit, calls, options.Seed, compileFailure));
            }
            catch (GraderFault e)
            {
                // Never the student's fault: record it loudly rather than guess a score.
                warnings.Add($"internal error while grading {unit.Id}: {e.Message}");
                results.AddRange(unit.Points.Select(p => new CheckResult(unit.Id, p.Key, 0, p.Value, false, $"internal grader error: {e.Message}; tell the instructor")));
            }
        }
        var late = options.SubmittedAt is { } at ? LateOutcome.Apply(homework, course.LatePolicy, at) : null;
        return new GradeReport(notebook.Path, homework, results, warnings, clock.Elapsed.TotalSeconds, options.Seed, late);
    }

    /// <summary>The homework's master notebook, whose locked cells are restored into the submission; grading goes
    /// on without it (and says so) when it cannot be read.</summary>
    private static Notebook? LoadMaster(CourseConfig course, Homework homework, string studentPath, List<string> warnings)
    {
        string? path = course.MasterNotebook(homework, studentPath);
        if (path is null) return null;
        try { return Notebook.Load(path); }
        catch (NotebookException e)
        {
            warnings.Add($"the master notebook could not be read, so locked cells were not restored: {e.Message}");
            return null;
        }
    }

    private static IReadOnlyList<UnitClass> UnitClasses(Homework homework) =>
        homework.Units.Select(u => UnitCatalog.Find(u.Id) is { } d ? new UnitClass(u.Id, d.ClassName) : null).OfType<UnitClass>().ToList();

    private static Homework ChooseHomework(GradeOptions options, CourseConfig course)
    {
        if (options.AssignmentId is { } id)
            return course.FindHomework(id)
                   ?? throw new UngradableException($"course.json has no homework \"{id}\"; it has: {string.Join(", ", course.Homework.Select(h => h.Id))}");
        return course.HomeworkForNotebook(options.NotebookPath)
               ?? throw new UngradableException(
                   $"{options.NotebookPath}: no homework in course.json lists a notebook of this name; pass --assignment ID " +
                   $"(one of: {string.Join(", ", course.Homework.Select(h => h.Id))})");
    }

    private static string FirstError(IEnumerable<Diagnostic> diagnostics, int cell)
    {
        var d = diagnostics.FirstOrDefault(d => d.Cell == cell && d.IsError);
        return d is null ? "no details" : $"line {d.Line}: {(d.Id == "DIRECTIVE" ? "" : $"error {d.Id}: ")}{d.Message}";
    }
}
