using Course.Grader.Checks.Public;
using Course.Grader.Notebooks;
using Course.Tests.Fixtures;
using static Course.Tests.SelfCheck.SelfCheckFixtures;

namespace Course.Tests.SelfCheck;

/// <summary>
/// The student's self-check end to end (a real student worker, no reference): a correct notebook passes everything,
/// and each typical mistake fails the check that should catch it, with a hint that names what is wrong.
/// </summary>
[NonParallelizable]
public class SelfCheckTests
{
    /// <summary>One notebook, one worker, several mistakes in different units; the other tests read its report.</summary>
    private SelfCheckReport mixed = null!;

    [OneTimeSetUp]
    public void CheckTheMixedSubmission()
    {
        string notebook = WithAnswers(
            ("linear", "linear-overwrites-gradients.answers"),
            ("elu", "elu-backward-not-implemented.answers"),
            ("softplus", "softplus-naive.answers"),
            ("xavier", "xavier-wrong-bound.answers"),
            ("mse", "mse-gradient-without-factor-2.answers"));
        notebook = WithClassRenamed(notebook, "tanh", "class Tanh<T>", "class TanH<T>");
        mixed = Check(notebook, "linear", "relu", "tanh", "elu", "softplus", "mse", "xavier", "he");
    }

    [Test]
    public void The_master_notebook_passes_every_public_check()
    {
        var report = Check(Repo.MasterNotebook);
        Assert.That(report.Results.Where(r => r.Outcome != PublicOutcome.Passed), Is.Empty, report.Describe());
        Assert.That(report.Units, Is.EquivalentTo(Repo.Course.FindHomework("fully-connected")!.Units.Select(u => u.Id)));
        Assert.That(report.AllPass);
        Assert.That(report.Summary, Is.EqualTo("16 of 16 units pass the public checks; 0 not implemented; 0 fail"));
        // Every kind of unit ran its full set, including the accumulation rule where there are parameters.
        Assert.That(report.Results.Where(r => r.Unit == "linear").Select(r => r.Check),
            Is.EqualTo(new[] { "forward", "backward shapes", "gradient check", "accumulation" }));
        Assert.That(report.Results.Where(r => r.Unit == "mse").Select(r => r.Check), Is.EqualTo(new[] { "forward", "backward shape", "gradient check" }));
        Assert.That(report.Results.Where(r => r.Unit == "he").Select(r => r.Check), Is.EqualTo(new[] { "fills the tensor", "mean and spread", "uses the given Random" }));
    }

    [Test]
    public void Overwriting_parameter_gradients_fails_only_the_accumulation_check()
    {
        Assert.That(mixed.Result("linear", "gradient check").Outcome, Is.EqualTo(PublicOutcome.Passed), "one backward call is right");
        var accumulation = mixed.Result("linear", "accumulation");
        Assert.That(accumulation.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(accumulation.Message, Does.Contain("Weight.Grad is not twice its value after one"));
        Assert.That(accumulation.Hint, Does.Contain("+=").And.Contain("ZeroGrad"));
        Assert.That(mixed.OutcomeOf("linear"), Is.EqualTo(PublicOutcome.Failed));
    }

    [Test]
    public void A_backward_that_throws_NotImplementedException_is_not_implemented_for_that_unit_only()
    {
        Assert.That(mixed.Result("elu", "forward").Outcome, Is.EqualTo(PublicOutcome.Passed));
        int cell = Submissions.CellOf(Notebook.Load(Repo.MasterNotebook), "elu").Index;
        foreach (var check in new[] { "backward shapes", "gradient check" })
        {
            var r = mixed.Result("elu", check);
            Assert.That(r.Outcome, Is.EqualTo(PublicOutcome.NotImplemented), r.Message);
            Assert.That(r.Message, Does.StartWith("not implemented yet: Backward throws NotImplementedException").And.Contain($"cell {cell}, line"));
        }
        Assert.That(mixed.OutcomeOf("elu"), Is.EqualTo(PublicOutcome.NotImplemented));
        Assert.That(mixed.OutcomeOf("relu"), Is.EqualTo(PublicOutcome.Passed), mixed.Describe("relu"));
        Assert.That(mixed.OutcomeOf("he"), Is.EqualTo(PublicOutcome.Passed), mixed.Describe("he"));
        Assert.That(mixed.Summary, Is.EqualTo("2 of 8 units pass the public checks; 1 not implemented; 5 fail"));
    }

    [Test]
    public void A_renamed_class_is_reported_missing_with_the_name_the_notebook_expects()
    {
        var forward = mixed.Result("tanh", "forward");
        Assert.That(forward.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(forward.Message, Does.Contain("no class named Tanh was found"));
        Assert.That(forward.Hint, Does.Contain("Tanh<T>, in the cell marked // @unit tanh"));
        Assert.That(mixed.Results.Where(r => r.Unit == "tanh").Skip(1).Select(r => r.Outcome), Is.All.EqualTo(PublicOutcome.Skipped));
    }

    [Test]
    public void An_overflowing_forward_says_where_the_infinity_is_and_how_to_avoid_it()
    {
        var forward = mixed.Result("softplus", "forward");
        Assert.That(forward.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(forward.Message, Does.Contain("inputs of ±800").And.Contain("Forward's output is +infinity at [").And.Contain("the input there is"));
        Assert.That(forward.Hint, Does.Contain("max(x, 0) + log(1 + e^−|x|)"));
        Assert.That(mixed.Result("softplus", "backward shapes").Outcome, Is.EqualTo(PublicOutcome.Skipped), "nothing more to learn until Forward works");
    }

    [Test]
    public void An_initialiser_with_the_wrong_bound_fails_the_spread_check_with_the_textbook_formula()
    {
        Assert.That(mixed.Result("xavier", "fills the tensor").Outcome, Is.EqualTo(PublicOutcome.Passed));
        var spread = mixed.Result("xavier", "mean and spread");
        Assert.That(spread.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(spread.Message, Does.Contain("standard deviation is").And.Contain("about 0.07217 was expected"));
        Assert.That(spread.Hint, Does.Contain("sqrt(6 / (fanIn + fanOut))"));
        Assert.That(mixed.Result("xavier", "uses the given Random").Outcome, Is.EqualTo(PublicOutcome.Passed));
    }

    [Test]
    public void A_wrong_backward_fails_the_gradient_check_and_the_hint_names_the_tensor()
    {
        var report = Check(Submissions.WithAnswers("linear", "linear-missing-transpose.answers"), "linear");
        Assert.That(report.Result("linear", "backward shapes").Outcome, Is.EqualTo(PublicOutcome.Passed), "the shapes fit, the values do not");
        var gradient = report.Result("linear", "gradient check");
        Assert.That(gradient.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(gradient.Message, Does.Contain("dX has relative error").And.Contain("the largest at [").And.Contain("central differences of Forward give"));
        Assert.That(gradient.Message, Does.Not.Contain("Weight.Grad has"), "the weight gradient is right");
        Assert.That(gradient.Hint, Does.StartWith("dX is wrong. dX = dY·Wᵀ.").And.Contain("chain rule"));
    }

    [Test]
    public void A_loss_gradient_off_by_a_factor_fails_the_gradient_check_with_the_formula()
    {
        Assert.That(mixed.Result("mse", "backward shape").Outcome, Is.EqualTo(PublicOutcome.Passed));
        var gradient = mixed.Result("mse", "gradient check");
        Assert.That(gradient.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(gradient.Message, Does.Contain("dInput has relative error 3.3e-01"), "half of the true gradient: |g/2 − g| / (|g/2| + |g|) = 1/3");
        Assert.That(gradient.Hint, Does.StartWith("dInput is wrong. dInput = 2·(input − target) / N"));
    }

    [Test]
    public void A_missing_bias_gradient_is_named_in_the_hint()
    {
        var gradient = Check(Submissions.WithAnswers("linear", "linear-missing-bias-gradient.answers"), "linear").Result("linear", "gradient check");
        Assert.That(gradient.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(gradient.Message, Does.Contain("Bias.Grad has relative error 1.0e+00"));
        Assert.That(gradient.Hint, Does.StartWith("Bias.Grad is wrong. db = the column sums of dY"));
    }

    [Test]
    public void A_dX_of_the_wrong_shape_fails_the_shape_check_with_the_formula()
    {
        var report = Check(WithAnswers(("linear", "linear-returns-dw.answers")), "linear");
        var shapes = report.Result("linear", "backward shapes");
        Assert.That(shapes.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(shapes.Message, Does.Contain("Backward returned dX of shape (5, 3); the input has shape (4, 5)"));
        Assert.That(shapes.Hint, Is.EqualTo("dX must have the input's shape: dX = dY·Wᵀ"));
        Assert.That(report.Result("linear", "gradient check").Outcome, Is.EqualTo(PublicOutcome.Skipped));
        Assert.That(report.Result("linear", "accumulation").Outcome, Is.EqualTo(PublicOutcome.Passed), "the parameter gradients are fine");
    }

    [Test]
    public void A_compile_error_names_the_cell_and_line_and_the_other_units_are_still_checked()
    {
        string notebook = Submissions.WithAnswers("linear", "linear-compile-error.answers");
        var report = Check(notebook, "linear", "relu");
        var cell = Submissions.CellOf(Notebook.Load(notebook), "linear");
        var compiles = report.Result("linear", "compiles");
        Assert.That(compiles.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(compiles.Message, Does.StartWith($"cell {cell.Index} does not compile: line {Submissions.LineOf(cell.Source, "Transpos()")}: error CS1061"));
        Assert.That(report.OutcomeOf("relu"), Is.EqualTo(PublicOutcome.Passed), report.Describe("relu"));
    }

    [Test]
    public void An_endless_loop_is_stopped_and_named_and_ends_only_its_unit()
    {
        var report = SelfCheckRun.Run(new SelfCheckOptions(Submissions.WithAnswers("linear", "linear-infinite-loop.answers"), OnlyUnits: ["linear", "tanh"],
            CallTimeoutSeconds: 2), Repo.Course);
        var forward = report.Result("linear", "forward");
        Assert.That(forward.Outcome, Is.EqualTo(PublicOutcome.Failed));
        Assert.That(forward.Message, Does.Contain("did not finish within 2 s (unit linear, cell"));
        Assert.That(report.Results.Where(r => r.Unit == "linear").Skip(1).Select(r => r.Outcome), Is.All.EqualTo(PublicOutcome.Skipped));
        Assert.That(report.OutcomeOf("tanh"), Is.EqualTo(PublicOutcome.Passed), "the worker is restarted for the next unit");
    }

    [Test]
    public void The_same_notebook_gets_the_same_messages_on_every_run()
    {
        string notebook = Submissions.WithAnswers("linear", "linear-missing-transpose.answers");
        var first = Check(notebook, "linear", "he").Results;
        var second = Check(notebook, "linear", "he").Results;
        Assert.That(second, Is.EqualTo(first));
        Assert.That(new Course.Grader.Pipeline.GradeOptions("x").Seed, Is.Not.EqualTo(SelfCheckRun.PublicSeed), "the graded inputs stay unseen");
    }
}
