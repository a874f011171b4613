using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grader.Configuration;
using Course.Grader.Pipeline;
using Course.Grader.Reports;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>The whole slice: the master notebook, its released student version, and the CLI.</summary>
[NonParallelizable]
public class EndToEndTests
{
    [Test]
    public void The_master_notebook_scores_full_marks()
    {
        var report = GradingPipeline.Grade(new GradeOptions(Repo.MasterNotebook, Speed: GradingFixtureTests.QuickSpeed), Repo.Course);
        var lost = report.Checks.Where(c => c.Points < c.MaxPoints).Select(c => $"{c.Unit}/{c.Check}: {c.Message}").ToList();
        Assert.That(lost, Is.Empty);
        Assert.That(report.RawScore, Is.EqualTo(report.Homework.MaxRawPoints));
        Assert.That(report.CoursePoints, Is.EqualTo(report.Homework.Points));
        Assert.That(report.Checks.Select(c => c.Unit).Distinct(), Is.EquivalentTo(report.Homework.Units.Select(u => u.Id)));
    }

    [TestCase("fully-connected", "02-fully-connected.ipynb")]
    [TestCase("autodiff", "01-autodiff.ipynb")]
    [TestCase("optimizers", "03-optimizers.ipynb")]
    public void The_released_notebook_scores_zero_with_not_implemented_on_every_unit(string homework, string notebook)
    {
        // The whole kit (tools and library too) is scanned for anything from reference/ by Release/KitLeakTests.
        string kit = Course.Tests.Release.Kits.Real;
        string released = Path.Combine(kit, "notebooks", notebook);
        var code = Course.Grader.Notebooks.Notebook.Load(released).Cells.Where(c => c.CellType == "code").Select(c => c.Source).ToList();
        Assert.That(code, Has.None.Contains("// BEGIN SOLUTION").And.None.Contains("// END SOLUTION"));
        var units = Repo.Course.FindHomework(homework)!.Units;
        foreach (var unit in units)
            Assert.That(code.Single(c => c.StartsWith($"// @unit {unit.Id}\n", StringComparison.Ordinal)), Does.Contain("throw new NotImplementedException();"), unit.Id);

        var report = GradingPipeline.Grade(new GradeOptions(released, Speed: GradingFixtureTests.QuickSpeed), Repo.Course);
        Assert.That(report.Homework.Id, Is.EqualTo(homework));
        Assert.That(report.RawScore, Is.Zero);
        Assert.That(report.Warnings, Has.None.Contains("does not compile"), "the student version compiles");
        foreach (var unit in report.Checks.GroupBy(c => c.Unit))
            Assert.That(unit.First().Message, Does.StartWith("not implemented"), unit.Key);
    }

    [Test]
    public void Grading_the_same_submission_twice_gives_identical_correctness_points_and_messages()
    {
        string notebook = Submissions.WithAnswers("linear", "linear-missing-bias-gradient.answers");
        var units = new[] { "linear", "softmax", "xavier", "bce_logits" };
        GradeReport Run() => GradingPipeline.Grade(new GradeOptions(notebook, Seed: 7, OnlyUnits: units, Speed: GradingFixtureTests.QuickSpeed), Repo.Course);
        var first = Run().Checks.Where(c => c.Check != "speed").Select(c => (c.Unit, c.Check, c.Points, c.Message)).ToList();
        var second = Run().Checks.Where(c => c.Check != "speed").Select(c => (c.Unit, c.Check, c.Points, c.Message)).ToList();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Gradescope_results_have_the_documented_fields()
    {
        var report = GradingFixtureTests.Grade(Submissions.WithAnswers("softmax", "softmax-overflow.answers"), "softmax", "relu");
        var json = GradescopeReport.Build(report);
        Assert.That((double)json["score"]!, Is.EqualTo(report.RawScore));
        Assert.That((double)json["max_score"]!, Is.EqualTo(report.RawMax));
        Assert.That((double)json["execution_time"]!, Is.GreaterThan(0));
        var tests = json["tests"]!.AsArray();
        Assert.That(tests, Has.Count.EqualTo(report.Checks.Count));
        foreach (var test in tests)
        {
            Assert.That(test!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "name", "score", "max_score", "status", "output", "visibility" }));
            Assert.That((string)test["status"]!, Is.AnyOf("passed", "failed"));
        }
        Assert.That(tests.Single(t => (string)t!["name"]! == "softmax: forward")!["status"]!.GetValue<string>(), Is.EqualTo("failed"));
    }

    [Test]
    public void The_cli_exits_0_after_grading_and_2_with_one_line_for_an_unreadable_notebook()
    {
        string results = Path.Combine(Submissions.Directory, "cli-results.json");
        var (code, stdout, _) = Cli("grade", Repo.MasterNotebook, "--unit", "relu", "--json", results);
        Assert.That(code, Is.Zero, stdout);
        Assert.That(stdout, Does.Contain("relu").And.Contain("forward").And.Contain("Total"));
        Assert.That(JsonNode.Parse(File.ReadAllText(results))!["tests"]!.AsArray(), Has.Count.EqualTo(3));

        string broken = Path.Combine(Submissions.Directory, "broken.ipynb");
        File.WriteAllText(broken, "{\"nbformat\": 4, \"cells\": [");
        (code, stdout, string stderr) = Cli("grade", broken);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("broken.ipynb: not valid JSON"));

        (code, _, stderr) = Cli("grade", Repo.MasterNotebook, "--assignment", "nope");
        Assert.That((code, stderr.Trim()), Is.EqualTo((2, "error: course.json has no homework \"nope\"; it has: autodiff, fully-connected, optimizers")));

        (code, _, stderr) = Cli("grade", Repo.MasterNotebook, "--unit", "reluu");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("has no unit \"reluu\""));

        (code, _, stderr) = Cli("grade", Repo.MasterNotebook, "--timeout", "-1");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--timeout -1"));

        string badCourse = Path.Combine(Submissions.Directory, "course.json");
        File.WriteAllText(badCourse, "{\"title\": 3}");
        (code, _, stderr) = Cli("grade", Repo.MasterNotebook, "--course", badCourse);
        Assert.That(code, Is.EqualTo(3));
        Assert.That(stderr, Does.Contain("title: must be a string, not the number 3"));
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args) => CliProcess.Dotnet(CliProcess.Grader, Repo.Root, null, args);
}
