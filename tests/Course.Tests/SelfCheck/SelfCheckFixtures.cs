using Course.Grader.Checks.Public;
using Course.Grader.Notebooks;
using Course.Tests.Fixtures;

namespace Course.Tests.SelfCheck;

/// <summary>
/// Submissions for the self-check: the master notebook with some units answered from SelfCheck/Answers (the same
/// format as Fixtures/Submissions), several units per notebook so that one worker start serves several tests.
/// </summary>
public static class SelfCheckFixtures
{
    public static string WithAnswers(params (string Unit, string Fixture)[] answers)
    {
        var notebook = Notebook.Load(Repo.MasterNotebook);
        foreach (var (unit, fixture) in answers)
        {
            var cell = Submissions.CellOf(notebook, unit);
            cell.Source = Submissions.Answer(cell.Source, File.ReadAllText(Repo.Path("tests", "Course.Tests", "SelfCheck", "Answers", fixture)));
        }
        return Save(notebook);
    }

    /// <summary>The master with <paramref name="unit"/>'s class renamed, as when a student renames it by mistake.</summary>
    public static string WithClassRenamed(string notebookPath, string unit, string from, string to)
    {
        var notebook = Notebook.Load(notebookPath);
        var cell = Submissions.CellOf(notebook, unit);
        Assert.That(cell.Source, Does.Contain(from));
        cell.Source = cell.Source.Replace(from, to);
        return Save(notebook);
    }

    private static string Save(Notebook notebook)
    {
        string path = Path.Combine(Submissions.Directory, $"selfcheck-{Guid.NewGuid():N}", "02-fully-connected.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        notebook.Save(path);
        return path;
    }

    public static SelfCheckReport Check(string notebook, params string[] units) =>
        SelfCheckRun.Run(new SelfCheckOptions(notebook, OnlyUnits: units.Length > 0 ? units : null, CallTimeoutSeconds: 5), Repo.Course);

    public static PublicCheckResult Result(this SelfCheckReport report, string unit, string check) =>
        report.Results.Single(r => r.Unit == unit && r.Check == check);

    /// <summary>Every result of a unit, one per line, for assertion messages.</summary>
    public static string Describe(this SelfCheckReport report, string? unit = null) =>
        string.Join("\n", report.Results.Where(r => unit is null || r.Unit == unit).Select(r => $"{r.Unit}/{r.Check}: {r.Outcome} {r.Message} | {r.Hint}"));
}
