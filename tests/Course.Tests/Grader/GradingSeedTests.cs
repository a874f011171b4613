using Course.Grader.Pipeline;
using Course.Grader.Reports;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>The inputs come from a seed students must not know: a secret one is used and never shown.</summary>
[NonParallelizable]
public class GradingSeedTests
{
    [TearDown]
    public void Clear() => Environment.SetEnvironmentVariable(GradingSeed.Variable, null);

    [Test]
    public void An_explicit_seed_wins_and_is_shown()
    {
        Environment.SetEnvironmentVariable(GradingSeed.Variable, "123");
        var seed = GradingSeed.Resolve(7, out string? warning);
        Assert.That((seed.Value, seed.Secret, warning), Is.EqualTo((7, false, (string?)null)));
        Assert.That(seed.ToString(), Is.EqualTo("seed 7"));
    }

    [Test]
    public void The_secret_seed_is_used_and_never_named()
    {
        Environment.SetEnvironmentVariable(GradingSeed.Variable, " 987654321 ");
        var seed = GradingSeed.Resolve(null, out string? warning);
        Assert.That((seed.Value, seed.Secret, warning), Is.EqualTo((987654321, true, (string?)null)));

        var homework = Repo.Course.FindHomework("fully-connected")!;
        var report = new GradeReport("x.ipynb", homework, [], [], 1.0, seed, null);
        string json = Path.Combine(Submissions.Directory, $"seed-{Guid.NewGuid():N}.json");
        GradescopeReport.Write(report, json);
        var printed = new StringWriter();
        ConsoleReport.Write(report, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(printed) }));
        Assert.That(File.ReadAllText(json) + printed, Does.Contain("secret seed").And.Not.Contain("987654321"));
    }

    [Test]
    public void Without_a_secret_the_public_default_is_used_with_a_warning_for_the_instructor()
    {
        var seed = GradingSeed.Resolve(null, out string? warning);
        Assert.That((seed.Value, seed.Secret), Is.EqualTo((GradingSeed.PublicDefault, false)));
        Assert.That(warning, Does.Contain("public default seed").And.Contain(GradingSeed.Variable));
    }

    [Test]
    public void A_secret_that_is_not_a_number_is_refused_with_a_message()
    {
        Environment.SetEnvironmentVariable(GradingSeed.Variable, "hunter2");
        var e = Assert.Throws<UngradableException>(() => GradingSeed.Resolve(null, out _))!;
        Assert.That(e.Message, Does.Contain("COURSE_GRADING_SEED must be a whole number"));
    }

    [Test]
    public void The_cli_grades_with_the_secret_and_shows_neither_it_nor_the_public_default_note()
    {
        string results = Path.Combine(Submissions.Directory, $"secret-{Guid.NewGuid():N}.json");
        var (code, stdout, stderr) = Course.Tests.Release.Kits.Dotnet(Path.Combine(AppContext.BaseDirectory, "Course.Grader.dll"),
            new Dictionary<string, string> { [GradingSeed.Variable] = "424242" },
            "grade", Repo.MasterNotebook, "--unit", "relu", "--json", results, "--course", Repo.Path("course.json"));
        Assert.That(code, Is.Zero, stderr);
        string everything = stdout + stderr + File.ReadAllText(results);
        Assert.That(everything, Does.Contain("secret seed").And.Not.Contain("424242").And.Not.Contain("public default seed"));
    }
}
