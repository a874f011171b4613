using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grader.Release;
using Course.Tests.Fixtures;

namespace Course.Tests.SelfCheck;

/// <summary>
/// The <c>check</c> command as a student runs it: from a kit without the reference assembly, on the released
/// notebook, and with exit codes a script can use.
/// </summary>
[NonParallelizable]
public class SelfCheckCliTests
{
    [Test]
    public void Check_runs_without_the_reference_assembly_which_grade_cannot()
    {
        string kit = GraderWithoutReference();
        Assert.That(Directory.EnumerateFiles(kit, "Course.Reference*"), Is.Empty);

        var (code, stdout, stderr) = Cli(kit, "check", Repo.MasterNotebook, "--unit", "linear", "--unit", "he");
        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("2 of 2 units pass the public checks; 0 not implemented; 0 fail"));
        Assert.That(stdout, Does.Contain("hidden reference"), "says that these are the public checks only");

        // The control: the same kit cannot grade, so the check above really ran without the reference.
        (code, _, stderr) = Cli(kit, "grade", Repo.MasterNotebook, "--unit", "relu");
        // (grade then reports its reference worker aborting: it cannot load the missing assembly.)
        Assert.That(code, Is.EqualTo(4), stderr);
        Assert.That(stderr, Does.Contain("WorkerFailedException"));
    }

    [Test]
    public void The_released_notebook_is_not_implemented_everywhere_and_exits_1()
    {
        string kit = Path.Combine(Submissions.Directory, "release-" + Guid.NewGuid().ToString("N"));
        Releaser.Release(Repo.Course, Repo.Root, kit);
        var (code, stdout, stderr) = Cli(GraderDirectory, "check", Path.Combine(kit, "notebooks", "02-fully-connected.ipynb"));
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout, Does.Contain("0 of 16 units pass the public checks; 16 not implemented; 0 fail"));
        Assert.That(stdout, Does.Contain("not implemented").And.Not.Contain("FAIL"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public void An_unreadable_notebook_or_unknown_unit_exits_2_with_one_line()
    {
        string broken = Path.Combine(Submissions.Directory, "broken-check.ipynb");
        File.WriteAllText(broken, "{\"nbformat\": 4, \"cells\": [");
        var (code, _, stderr) = Cli(GraderDirectory, "check", broken);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("broken-check.ipynb: not valid JSON"));

        (code, _, stderr) = Cli(GraderDirectory, "check", Repo.MasterNotebook, "--unit", "reluu");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("has no unit \"reluu\""));
    }

    /// <summary>The grader as built, where the tests run it from.</summary>
    private static string GraderDirectory => AppContext.BaseDirectory;

    /// <summary>
    /// A copy of the grader's build output with the reference taken out, as the student kit ships it: no
    /// Course.Reference.dll, and no mention of it in the dependency manifest (the host would refuse to start).
    /// </summary>
    private static string GraderWithoutReference()
    {
        string source = Repo.Path("grader", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0");
        string kit = Path.Combine(Submissions.Directory, "kit-" + Guid.NewGuid().ToString("N"));
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (Path.GetFileName(relative).StartsWith("Course.Reference", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(kit, relative))!);
            File.Copy(file, Path.Combine(kit, relative));
        }
        string depsPath = Path.Combine(kit, "Course.Grader.deps.json");
        var deps = JsonNode.Parse(File.ReadAllText(depsPath))!;
        foreach (var (_, target) in deps["targets"]!.AsObject())
        {
            var packages = target!.AsObject();
            foreach (string key in packages.Select(p => p.Key).Where(k => k.StartsWith("Course.Reference/")).ToList()) packages.Remove(key);
            foreach (var (_, package) in packages) package?["dependencies"]?.AsObject().Remove("Course.Reference");
        }
        deps["libraries"]!.AsObject().Remove("Course.Reference/1.0.0");
        File.WriteAllText(depsPath, deps.ToJsonString());
        return kit;
    }

    private static (int Code, string Stdout, string Stderr) Cli(string directory, params string[] args) =>
        CliProcess.Dotnet(Path.Combine(directory, "Course.Grader.dll"), Repo.Root, null, args);
}
