using Course.Grader.Checks;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>
/// The optimizers homework graded end to end (real workers, real reference): the master earns every point, correct
/// variants written another way earn every correctness point, and each classic mistake costs the right check with a
/// message that says what to fix.
/// </summary>
[NonParallelizable]
public class OptimizerGradingTests
{
    private static GradeReport Grade(string notebook, params string[] units) => GradingFixtureTests.Grade(notebook, 10, units);

    private static CheckResult Check(GradeReport report, string unit, string check) => GradingFixtureTests.Check(report, unit, check);

    private static void CorrectnessPasses(GradeReport report, string unit)
    {
        foreach (var check in report.Checks.Where(c => c.Unit == unit && c.Check != "speed"))
            Assert.That(check.Passed, $"{unit}/{check.Check}: {check.Message}");
    }

    [Test]
    public void The_master_notebook_scores_full_marks()
    {
        var report = Grade(Repo.OptimizersMaster);
        var lost = report.Checks.Where(c => c.Points < c.MaxPoints).Select(c => $"{c.Unit}/{c.Check}: {c.Message}").ToList();
        Assert.That(lost, Is.Empty);
        Assert.That(report.Homework.Id, Is.EqualTo("optimizers"));
        Assert.That(report.CoursePoints, Is.EqualTo(report.Homework.Points));
    }

    [Test]
    public void Adam_without_bias_correction_parts_from_the_reference_at_the_first_step_and_is_told_about_the_corrections()
    {
        var report = Grade(Submissions.WithOptimizersCell("adam", "adam-no-bias-correction.cell"), "adam");
        var trajectory = Check(report, "adam", "trajectory");
        Assert.That(trajectory.Points, Is.Zero);
        Assert.That(trajectory.Message, Does.Contain("after step 1 of 50").And.Contain("bias corrections"), trajectory.Message);
        Assert.That(Check(report, "adam", "speed").Points, Is.Zero);
    }

    [Test]
    public void A_step_count_shared_between_parameters_passes_alone_and_fails_with_several_naming_per_parameter_state()
    {
        var report = Grade(Submissions.WithOptimizersCell("adam", "adam-shared-step-count.cell"), "adam");
        var trajectory = Check(report, "adam", "trajectory");
        Assert.That(trajectory.Points, Is.Zero);
        Assert.That(trajectory.Message, Does.Contain("three parameters of different shapes").And.Contain("per parameter"), trajectory.Message);
    }

    [Test]
    public void Adam_written_as_pytorchs_code_is_a_correct_variant()
    {
        CorrectnessPasses(Grade(Submissions.WithOptimizersCell("adam", "adam-torch-form.cell"), "adam"), "adam");
    }

    [Test]
    public void Nesterov_with_the_buffer_updated_after_the_look_ahead_fails_from_the_first_step()
    {
        var report = Grade(Submissions.WithOptimizersCell("nesterov", "nesterov-old-buffer.cell"), "nesterov");
        var trajectory = Check(report, "nesterov", "trajectory");
        Assert.That(trajectory.Points, Is.Zero);
        Assert.That(trajectory.Message, Does.Contain("after step 1 of 50").And.Contain("with the new b"), trajectory.Message);
    }

    [Test]
    public void CS231n_momentum_agrees_while_the_learning_rate_is_constant_and_fails_when_it_changes()
    {
        var report = Grade(Submissions.WithOptimizersCell("momentum", "momentum-cs231n-form.cell"), "momentum");
        var trajectory = Check(report, "momentum", "trajectory");
        Assert.That(trajectory.Points, Is.Zero);
        Assert.That(trajectory.Message, Does.StartWith("case \"a learning rate that changes every step\"").And.Contain("read LearningRate at every Step"), trajectory.Message);
        Assert.That(Check(report, "momentum", "weight_decay").Passed, "with a constant learning rate the two forms agree");
    }

    [Test]
    public void Momentum_with_buffers_in_a_dictionary_is_a_correct_variant()
    {
        CorrectnessPasses(Grade(Submissions.WithOptimizersCell("momentum", "momentum-dictionary-state.cell"), "momentum"), "momentum");
    }

    [Test]
    public void AdamW_with_the_decay_added_to_the_gradient_fails_the_weight_decay_check_and_is_told_to_decouple()
    {
        var report = Grade(Submissions.WithOptimizersCell("adamw", "adamw-coupled.cell"), "adamw");
        var decay = Check(report, "adamw", "weight_decay");
        Assert.That(decay.Points, Is.Zero);
        Assert.That(decay.Message, Does.Contain("decays the weights themselves"), decay.Message);
    }

    [Test]
    public void A_schedule_counted_from_one_is_called_off_by_one()
    {
        var report = Grade(Submissions.WithOptimizersCell("cosine_warmup", "cosine-warmup-off-by-one.cell"), "cosine_warmup");
        var values = Check(report, "cosine_warmup", "values");
        Assert.That(values.Points, Is.Zero);
        Assert.That(values.Message, Does.Contain("off by one step").And.Contain("LearningRate(0)"), values.Message);
    }
}
