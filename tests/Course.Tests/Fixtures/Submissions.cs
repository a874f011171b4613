using Course.Grader.Notebooks;

namespace Course.Tests.Fixtures;

/// <summary>
/// Fixture submissions: the master notebook with one unit's cell replaced by a file from Fixtures/Submissions, the
/// way a student's notebook differs from the master in one answer.
/// </summary>
public static class Submissions
{
    public static string Directory { get; } = CreateDirectory();

    /// <summary>Writes the master with the cell of <paramref name="unit"/> replaced, and returns its path.</summary>
    public static string WithCell(string unit, string fixture)
    {
        string source = File.ReadAllText(Repo.Path("tests", "Course.Tests", "Fixtures", "Submissions", fixture));
        return WithCellSource(unit, source, System.IO.Path.GetFileNameWithoutExtension(fixture));
    }

    public static string WithCellSource(string unit, string source, string name)
    {
        var notebook = Notebook.Load(Repo.MasterNotebook);
        var cell = CellOf(notebook, unit);
        cell.Source = source;
        string path = System.IO.Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}", "02-fully-connected.ipynb");
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
