using System.Diagnostics;
using Course.Grader.Release;
using Course.Tests.Fixtures;

namespace Course.Tests.Release;

/// <summary>Kits released once per test run (a release copies ~50 MB), shared by the tests that only read them.</summary>
public static class Kits
{
    private static readonly Lazy<string> real = new(() =>
    {
        string kit = Path.Combine(MasterNotebooks.NewDirectory("kit"), "real");
        Releaser.Release(Repo.Course, Repo.Root, kit);
        return kit;
    });

    private static readonly Lazy<(string Root, string Master, string Kit)> synthetic = new(() =>
    {
        string root = MasterNotebooks.NewDirectory("synthetic-course");
        string master = MasterNotebooks.Synthetic(root);
        string kit = Path.Combine(root, "kit");
        Releaser.Release(MasterNotebooks.Course(["notebooks/synthetic.ipynb"], "linear"), root, kit);
        return (root, master, kit);
    });

    /// <summary>The kit of the repository's course (course.json and its master notebooks).</summary>
    public static string Real => real.Value;

    /// <summary>A course of one synthetic master with hidden tests and locked cells (see <see cref="MasterNotebooks.Synthetic"/>).</summary>
    public static (string Root, string Master, string Kit) Synthetic => synthetic.Value;

    public static IEnumerable<string> RealMasters => Repo.Course.Homework.SelectMany(h => h.Notebooks).Select(n => Repo.Path(n));

    /// <summary>Runs a .NET program (a DLL) and returns its exit code and output.</summary>
    /// <summary>A kit's program (or the grader) run from a folder outside the repository, so that nothing of the
    /// repository is found by looking up from the working directory.</summary>
    public static (int Code, string Stdout, string Stderr) Dotnet(string dll, params string[] args) => Dotnet(dll, null, args);

    public static (int Code, string Stdout, string Stderr) Dotnet(string dll, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CliProcess.Dotnet(dll, Path.GetTempPath(), environment, args);

    /// <summary>The grader CLI this test run was built with.</summary>
    public static (int Code, string Stdout, string Stderr) Grader(params string[] args) =>
        Dotnet(CliProcess.Grader, args);
}
