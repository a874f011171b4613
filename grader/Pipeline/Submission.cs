using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Units;

namespace Course.Grader.Pipeline;

/// <summary>
/// A submission ready to compile: read, matched to its homework, repaired against the master, its cells taken in.
/// <see cref="Warnings"/> collects what the student should know (repairs first).
/// </summary>
public sealed record Submission(
    Notebook Notebook,
    Homework Homework,
    IReadOnlyList<UnitDefinition> Units,
    Reconciliation Reconciled,
    IntakeResult Intake,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The first steps of both <c>grade</c> and <c>check</c>: intake of the file → homework → repair → intake of the
    /// cells. Everything that makes a notebook ungradable is found here, before any worker starts.
    /// </summary>
    public static Submission Prepare(string path, string? assignmentId, IReadOnlyCollection<string>? onlyUnits, double callTimeoutSeconds, CourseConfig course)
    {
        if (callTimeoutSeconds is not (> 0 and <= 3600))
            throw new UngradableException($"--timeout {callTimeoutSeconds}: give a number of seconds between 0 and 3600");
        var notebook = Notebook.Load(path);
        notebook.RequireCSharpCode();
        var homework = ChooseHomework(path, assignmentId, course);
        if (onlyUnits?.FirstOrDefault(id => homework.Units.All(u => u.Id != id)) is { } unknown)
            throw new UngradableException($"homework \"{homework.Id}\" has no unit \"{unknown}\"; its units are {string.Join(", ", homework.Units.Select(u => u.Id))}");
        var all = homework.Units.Select(u => UnitCatalog.Find(homework.Id, u.Id) ?? throw new UngradableException($"course.json names an unknown unit {u.Id}")).ToList();

        var warnings = new List<string>();
        var reconciled = Reconciler.Reconcile(notebook, LoadMaster(course, homework, path, warnings),
            all.Select(u => new UnitClass(u.Id, u.ClassName)).ToList());
        warnings.InsertRange(0, reconciled.Repairs.Select(r => "repaired: " + r));
        var intake = Pipeline.Intake.Run(reconciled.Notebook);
        warnings.AddRange(intake.Warnings);
        var units = all.Where(u => onlyUnits is null || onlyUnits.Contains(u.Id)).ToList();
        return new Submission(reconciled.Notebook, homework, units, reconciled, intake, warnings);
    }

    /// <summary>The cell of a unit in the repaired notebook, 0 when it has none.</summary>
    public int CellOf(string unit) => Reconciled.UnitCells.TryGetValue(unit, out int cell) ? cell : 0;

    /// <summary>Why a unit cannot be checked at all because its cell is gone; null when it was found.</summary>
    public string? MissingMessage(UnitDefinition unit) =>
        Reconciled.MissingUnits.Contains(unit.Id)
            ? $"the cell of unit {unit.Id} is missing: no cell is marked `{CellMarkers.UnitMarker(unit.Id)}` and none declares class " +
              $"{unit.ClassName}; copy the cell from the released notebook and implement it there"
            : null;

    /// <summary>The homework's master notebook (in the student kit: the released notebook), whose locked cells are
    /// restored into the submission; the submission goes on without it, and says so, when it cannot be read.</summary>
    private static Notebook? LoadMaster(CourseConfig course, Homework homework, string studentPath, List<string> warnings)
    {
        string? path = course.MasterNotebook(homework, studentPath);
        if (path is null || Path.GetFullPath(path) == Path.GetFullPath(studentPath)) return null;
        try { return Notebook.Load(path); }
        catch (NotebookException e)
        {
            warnings.Add($"the master notebook could not be read, so locked cells were not restored: {e.Message}");
            return null;
        }
    }

    private static Homework ChooseHomework(string path, string? assignmentId, CourseConfig course)
    {
        if (assignmentId is { } id)
            return course.FindHomework(id)
                   ?? throw new UngradableException($"course.json has no homework \"{id}\"; it has: {string.Join(", ", course.Homework.Select(h => h.Id))}");
        return course.HomeworkForNotebook(path)
               ?? throw new UngradableException(
                   $"{path}: no homework in course.json lists a notebook of this name; pass --assignment ID " +
                   $"(one of: {string.Join(", ", course.Homework.Select(h => h.Id))})");
    }
}
