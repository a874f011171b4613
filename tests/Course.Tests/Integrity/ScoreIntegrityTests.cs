using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Integrity;

/// <summary>
/// Submissions that try to score without doing the work, or to break the grader with what they return (the cases
/// S07, S21–S25 of shared/notes/sandbox.md §9). Each attacks one unit of one notebook, so one grading run covers them
/// all; leaky_relu is left correct as the control. The grader computes every point itself, from raw outputs it
/// compares with the reference's, so each attacked unit scores 0 with the grader's own message and the rest is graded.
/// </summary>
[NonParallelizable]
public class ScoreIntegrityTests
{
    private static GradeReport report = null!;
    private static readonly string Marker = Path.Combine(Path.GetTempPath(), $"pwned-{Guid.NewGuid():N}");

    private static readonly Dictionary<string, (string Forward, string Backward)> Attacks = new()
    {
        // S22: self-consistent and wrong: zeros forward and backward agree with each other's central differences.
        ["relu"] = ("return Tensor<T>.ZerosLike(input);", "return Tensor<T>.ZerosLike(gradOutput);"),
        // S23: NaN everywhere.
        ["tanh"] = ("output = Tensor<T>.Full(T.NaN, input.Shape);\n        return output;", "return Tensor<T>.Full(T.NaN, gradOutput.Shape);"),
        // S25: a correct result, then the input it was given is scribbled over.
        ["sigmoid"] = ("output = input.Sigmoid();\n        input.AsSpan().Fill(T.CreateChecked(1e9));\n        return output;",
                       "return gradOutput * output! * (T.One - output!);"),
        // S24: an answer of the wrong size, and a huge one: 4096 × 4096 doubles is 128 MB on the wire.
        ["softplus"] = ("return Tensor<T>.Zeros(4096, 4096);", "return Tensor<T>.Zeros(4096, 4096);"),
        // Feedback hygiene: what a student prints or throws never reaches the feedback.
        ["softmax"] = ("Console.WriteLine(\"CANARY-STDOUT\");\n        Console.Error.WriteLine(\"CANARY-STDERR\");\n        throw new InvalidOperationException(\"CANARY-EXCEPTION\");",
                       "throw new InvalidOperationException(\"CANARY-EXCEPTION\");"),
        // S07: memory until there is none.
        ["elu"] = ("var hoard = new List<T[]>();\n        while (true) hoard.Add(new T[1 << 24]);", "throw new NotImplementedException();"),
    };

    [OneTimeSetUp]
    public void GradeTheAttacks()
    {
        var notebook = Notebook.Load(Repo.MasterNotebook);
        foreach (var (unit, (forward, backward)) in Attacks)
        {
            var cell = Submissions.CellOf(notebook, unit);
            cell.Source = Submissions.Answer(cell.Source, $"// ---\n{forward}\n// ---\n{backward}\n");
        }
        string path = Path.Combine(Submissions.Directory, $"attacks-{Guid.NewGuid():N}", "02-fully-connected.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        notebook.Save(path);
        // S21: build files beside a submission would run their <Exec> under MSBuild; the grader never builds with it.
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "Directory.Build.props"),
            $"<Project><Target Name=\"Pwn\" BeforeTargets=\"Build;CoreCompile;Restore\"><Exec Command=\"touch {Marker}\" /></Target></Project>");
        report = GradingPipeline.Grade(new GradeOptions(path, CallTimeoutSeconds: 20, Speed: Course.Tests.Grader.GradingFixtureTests.QuickSpeed,
            OnlyUnits: [.. Attacks.Keys, "leaky_relu"]), Repo.Course);
    }

    private static IEnumerable<Course.Grader.Checks.CheckResult> Of(string unit) => report.Checks.Where(c => c.Unit == unit);

    [Test]
    public void A_self_consistent_all_zero_layer_fails_against_the_reference()
    {
        Assert.That(Of("relu").Sum(c => c.Points), Is.Zero);
        Assert.That(Of("relu").First(c => c.Check == "forward").Message, Does.Contain("reference"));
    }

    [Test]
    public void Nan_outputs_score_nothing() => Assert.That(Of("tanh").Sum(c => c.Points), Is.Zero);

    [Test]
    public void Scribbling_over_the_input_changes_nothing_the_grader_compares()
    {
        var forward = Of("sigmoid").Single(c => c.Check == "forward");
        Assert.That(forward.Passed, Is.True, forward.Message);
    }

    [Test]
    public void A_wrong_sized_or_huge_answer_fails_its_unit_without_hurting_the_grader()
    {
        Assert.That(Of("softplus").Sum(c => c.Points), Is.Zero);
        Assert.That(Of("softplus").First().Message, Does.Contain("the output has shape (4096, 4096); (4, 8) was expected"));
        Assert.That(Of("softplus").Select(c => c.Message), Has.None.Contains("recursion"), "a crash for lack of memory is not called a stack overflow");
    }

    [Test]
    public void A_memory_hog_costs_only_its_unit()
    {
        Assert.That(Of("elu").Sum(c => c.Points), Is.Zero);
        Assert.That(Of("elu").First().Message, Does.StartWith("Forward threw OutOfMemoryException (cell"));
    }

    [Test]
    public void Nothing_a_student_prints_or_throws_appears_in_the_feedback()
    {
        Assert.That(Of("softmax").Sum(c => c.Points), Is.Zero);
        Assert.That(Of("softmax").First().Message, Does.Contain("threw InvalidOperationException"));
        string json = Path.Combine(Submissions.Directory, $"results-{Guid.NewGuid():N}.json");
        Course.Grader.Reports.GradescopeReport.Write(report, json);
        string everything = File.ReadAllText(json) + string.Join("\n", report.Checks.Select(c => c.Message)) + string.Join("\n", report.Warnings);
        Assert.That(everything, Does.Not.Contain("CANARY"));
    }

    [Test]
    public void A_build_file_beside_the_submission_is_ignored() => Assert.That(File.Exists(Marker), Is.False);

    [Test]
    public void The_correct_unit_beside_them_gets_every_point()
    {
        Assert.That(Of("leaky_relu").Where(c => !c.Passed).Select(c => $"{c.Check}: {c.Message}"), Is.Empty);
    }
}
