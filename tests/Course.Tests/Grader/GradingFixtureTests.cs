using Course.Grader.Checks;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>
/// Fixture submissions graded end to end (real worker processes, real reference): each typical mistake must cost
/// the right checks and say why, and nothing a submission does may stop the other units being graded.
/// </summary>
[NonParallelizable]
public class GradingFixtureTests
{
    internal static readonly SpeedSettings QuickSpeed = new(Rounds: 5, WarmupSeconds: 0.3);

    internal static GradeReport Grade(string notebook, params string[] units) => Grade(notebook, 5, units);

    /// <summary>Grades <paramref name="units"/> (every unit when none are named) with quick speed settings.</summary>
    internal static GradeReport Grade(string notebook, double callTimeoutSeconds, params string[] units) =>
        GradingPipeline.Grade(new GradeOptions(notebook, CallTimeoutSeconds: callTimeoutSeconds, Speed: QuickSpeed,
            OnlyUnits: units.Length == 0 ? null : units), Repo.Course);

    internal static CheckResult Check(GradeReport report, string unit, string check) =>
        report.Checks.Single(c => c.Unit == unit && c.Check == check);

    private static int CellIndex(string unit) => Submissions.CellOf(Notebook.Load(Repo.MasterNotebook), unit).Index;

    /// <summary>The line of the answered cell that contains <paramref name="text"/>, as the grader should report it.</summary>
    private static int LineOf(string notebook, string unit, string text) =>
        Submissions.LineOf(Submissions.CellOf(Notebook.Load(notebook), unit).Source, text);

    [Test]
    public void Naive_loops_earn_every_correctness_point_and_fewer_speed_points()
    {
        var report = Grade(Submissions.WithAnswers("linear", "linear-naive-loops.answers"), "linear");
        Assert.That(Check(report, "linear", "forward").Passed, Check(report, "linear", "forward").Message);
        Assert.That(Check(report, "linear", "gradient").Passed, Check(report, "linear", "gradient").Message);
        var speed = Check(report, "linear", "speed");
        Assert.That(speed.Points, Is.LessThan(speed.MaxPoints), speed.Message);
        Assert.That(speed.SpeedRatio, Is.GreaterThan(5), speed.Message);
        Assert.That(speed.Message, Does.Contain("the reference's"));
    }

    [Test]
    public void Reshape_instead_of_transpose_fails_the_gradient_check_and_shows_the_relative_error()
    {
        var report = Grade(Submissions.WithAnswers("linear", "linear-missing-transpose.answers"), "linear");
        Assert.That(Check(report, "linear", "forward").Passed);
        var gradient = Check(report, "linear", "gradient");
        Assert.That(gradient.Points, Is.Zero);
        Assert.That(gradient.Message, Does.Contain("gradient check failed for dL/dX").And.Contain("relative error"));
        Assert.That(Check(report, "linear", "speed").Message, Does.Contain("until the gradient check passes"));
    }

    [Test]
    public void A_missing_bias_gradient_fails_the_gradient_check_for_the_bias()
    {
        var report = Grade(Submissions.WithAnswers("linear", "linear-missing-bias-gradient.answers"), "linear");
        var gradient = Check(report, "linear", "gradient");
        Assert.That(gradient.Points, Is.Zero);
        Assert.That(gradient.Message, Does.Contain("dL/dbias").And.Contain("relative error 1.0e+00"));
    }

    [Test]
    public void A_softmax_that_overflows_fails_the_forward_check_on_large_logits_only()
    {
        var report = Grade(Submissions.WithAnswers("softmax", "softmax-overflow.answers"), "softmax");
        var forward = Check(report, "softmax", "forward");
        Assert.That(forward.Points, Is.Zero);
        Assert.That(forward.Message, Does.Contain("logits near +1000").And.Contain("NaN or infinity"));
        Assert.That(Check(report, "softmax", "gradient").Passed, "moderate logits are still differentiated correctly");
    }

    [Test]
    public void An_exception_names_its_type_cell_and_line_and_shows_the_contract_s_message()
    {
        string notebook = Submissions.WithAnswers("linear", "linear-wrong-shapes.answers");
        var report = Grade(notebook, "linear");
        var forward = Check(report, "linear", "forward");
        Assert.That(forward.Points, Is.Zero);
        int line = LineOf(notebook, "linear", "Weight.Value.Transpose()).AddRowVector");
        Assert.That(forward.Message, Does.Contain($"Forward threw ArgumentException (cell {CellIndex("linear")}, line {line})")
            .And.Contain("MatMul: shapes (4, 5) and (3, 5) do not match"));
    }

    [Test]
    public void A_compile_error_names_the_cell_and_line_and_zeroes_only_that_unit()
    {
        string notebook = Submissions.WithAnswers("linear", "linear-compile-error.answers");
        var report = Grade(notebook, "linear", "relu");
        int cell = CellIndex("linear"), line = LineOf(notebook, "linear", "Transpos()");
        foreach (var c in report.Checks.Where(c => c.Unit == "linear"))
        {
            Assert.That(c.Points, Is.Zero);
            Assert.That(c.Message, Does.Contain($"cell {cell} does not compile: line {line}").And.Contain("CS1061").And.Contain("Transpos"));
        }
        Assert.That(report.Checks.Where(c => c.Unit == "relu" && c.Check != "speed").All(c => c.Passed));
    }

    [Test]
    public void An_endless_loop_times_out_and_the_other_units_are_still_graded()
    {
        var report = Grade(Submissions.WithAnswers("linear", "linear-infinite-loop.answers"), "linear", "relu", "tanh");
        var forward = Check(report, "linear", "forward");
        Assert.That(forward.Points, Is.Zero);
        Assert.That(forward.Message, Does.Contain("did not finish within 5 s").And.Contain($"cell {CellIndex("linear")}"));
        Assert.That(Check(report, "linear", "gradient").Message, Does.StartWith("not run:"));
        Assert.That(report.Checks.Where(c => c.Unit != "linear" && c.Check != "speed").All(c => c.Passed), "relu and tanh are unaffected");
    }

    [Test]
    public void A_stack_overflow_crashes_only_the_worker_and_the_other_units_are_still_graded()
    {
        var report = Grade(Submissions.WithAnswers("linear", "linear-stack-overflow.answers"), "linear", "relu");
        var forward = Check(report, "linear", "forward");
        Assert.That(forward.Points, Is.Zero);
        Assert.That(forward.Message, Does.Contain("crashed the worker").And.Contain("stack overflow"));
        Assert.That(report.Checks.Where(c => c.Unit == "relu" && c.Check != "speed").All(c => c.Passed));
    }
}
