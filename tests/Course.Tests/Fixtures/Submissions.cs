using Course.Grader.Notebooks;

namespace Course.Tests.Fixtures;

/// <summary>
/// Fixture submissions: the master notebook with one unit's cell replaced by a file from Fixtures/Submissions, the
/// way a student's notebook differs from the master in one answer.
/// </summary>
public static class Submissions
{
    public static string Directory { get; } = CreateDirectory();

    /// <summary>
    /// Writes the master with the solution regions of <paramref name="unit"/>'s cell answered from a fixture file
    /// and returns the notebook's path. A fixture holds one answer per region, in order, each after a line starting
    /// with <c>// ---</c>; lines before the first are comments about the fixture.
    /// </summary>
    public static string WithAnswers(string unit, string fixture)
    {
        var notebook = Notebook.Load(Repo.MasterNotebook);
        string source = Answer(CellOf(notebook, unit).Source, File.ReadAllText(Repo.Path("tests", "Course.Tests", "Fixtures", "Submissions", fixture)));
        return WithCellSource(unit, source, System.IO.Path.GetFileNameWithoutExtension(fixture));
    }

    /// <summary>The master cell with each solution region replaced by the next answer, at the region's indentation.</summary>
    public static string Answer(string masterCell, string fixture)
    {
        var answers = new Queue<List<string>>();
        foreach (string line in fixture.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("// ---", StringComparison.Ordinal)) answers.Enqueue([]);
            else if (answers.Count > 0) answers.Last().Add(line);
        }
        var output = new List<string>();
        bool inRegion = false;
        foreach (string line in masterCell.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed == "// BEGIN SOLUTION")
            {
                string indent = line[..(line.Length - line.TrimStart().Length)];
                output.AddRange(answers.Dequeue().Select(a => a.Length == 0 ? a : indent + a));
                inRegion = true;
            }
            else if (trimmed == "// END SOLUTION") inRegion = false;
            else if (!inRegion) output.Add(line);
        }
        Assert.That(answers, Is.Empty, "the fixture has more answers than the cell has solution regions");
        return string.Join('\n', output);
    }

    /// <summary>The 1-based line of the first line of <paramref name="source"/> containing <paramref name="text"/>.</summary>
    public static int LineOf(string source, string text) => Array.FindIndex(source.Split('\n'), l => l.Contains(text)) + 1;

    /// <summary>
    /// The autodiff master with <paramref name="unit"/>'s whole cell replaced by a fixture file from
    /// Fixtures/Autodiff (a complete cell: its marker line, a comment saying what the fixture is, and the class).
    /// Whole cells, not answers to regions, because a variant design may need other fields than the master's.
    /// </summary>
    public static string WithAutodiffCell(string unit, string fixture) => WithFixtureCell(Repo.AutodiffMaster, "Autodiff", unit, fixture);

    /// <summary>The optimizers master with a whole cell from Fixtures/Optimizers, as <see cref="WithAutodiffCell"/>.</summary>
    public static string WithOptimizersCell(string unit, string fixture) => WithFixtureCell(Repo.OptimizersMaster, "Optimizers", unit, fixture);

    private static string WithFixtureCell(string master, string folder, string unit, string fixture) =>
        WithCellSource(unit, File.ReadAllText(Repo.Path("tests", "Course.Tests", "Fixtures", folder, fixture)).TrimEnd('\n'),
            System.IO.Path.GetFileNameWithoutExtension(fixture), master);

    public static string WithCellSource(string unit, string source, string name, string? master = null)
    {
        master ??= Repo.MasterNotebook;
        var notebook = Notebook.Load(master);
        var cell = CellOf(notebook, unit);
        cell.Source = source;
        string path = System.IO.Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}", System.IO.Path.GetFileName(master));
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        notebook.Save(path);
        return path;
    }

    public static NotebookCell CellOf(Notebook notebook, string unit) =>
        notebook.Cells.Single(c => c.Source.StartsWith($"// @unit {unit}\n", StringComparison.Ordinal));

    private static string CreateDirectory()
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "course-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }
}
