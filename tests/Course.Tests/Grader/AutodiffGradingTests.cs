using Course.Grader.Checks;
using Course.Grader.Checks.Public;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>
/// The autodiff homework graded end to end (real workers, real reference): the master earns every point, correct
/// variants of another design earn every correctness point, and each classic mistake costs the right check with a
/// message that says what to fix.
/// </summary>
[NonParallelizable]
public class AutodiffGradingTests
{
    private static GradeReport Grade(string notebook, params string[] units) => GradingFixtureTests.Grade(notebook, 10, units);

    private static CheckResult Check(GradeReport report, string unit, string check) => GradingFixtureTests.Check(report, unit, check);

    private static void AllPass(GradeReport report, string unit, params string[] except)
    {
        foreach (var check in report.Checks.Where(c => c.Unit == unit && !except.Contains(c.Check)))
            Assert.That(check.Passed, $"{unit}/{check.Check}: {check.Message}");
    }

    [Test]
    public void The_master_notebook_scores_full_marks()
    {
        var report = Grade(Repo.AutodiffMaster);
        var lost = report.Checks.Where(c => c.Points < c.MaxPoints).Select(c => $"{c.Unit}/{c.Check}: {c.Message}").ToList();
        Assert.That(lost, Is.Empty);
        Assert.That(report.Homework.Id, Is.EqualTo("autodiff"));
        Assert.That(report.CoursePoints, Is.EqualTo(report.Homework.Points));
        Assert.That(report.Checks.Select(c => c.Unit).Distinct(), Is.EquivalentTo(report.Homework.Units.Select(u => u.Id)));
    }

    [Test]
    public void An_engine_that_overwrites_gradients_fails_on_a_node_used_twice_and_is_told_to_add()
    {
        var report = Grade(Submissions.WithAutodiffCell("engine", "engine-overwrites-gradients.cell"), "engine");
        var graphs = Check(report, "engine", "graphs");
        Assert.That(graphs.Points, Is.Zero);
        Assert.That(graphs.Message, Does.Contain("add (+=), do not overwrite"), graphs.Message);
        Assert.That(Check(report, "engine", "order").Passed, Check(report, "engine", "order").Message);
        Assert.That(Check(report, "engine", "deep").Passed, "a chain shares no node, so overwriting does no harm there");
        Assert.That(Check(report, "engine", "speed").Message, Does.Contain("no speed points until"));
    }

    [Test]
    public void An_engine_that_visits_nodes_breadth_first_fails_the_diamond_and_the_order()
    {
        var report = Grade(Submissions.WithAutodiffCell("engine", "engine-wrong-order.cell"), "engine");
        var graphs = Check(report, "engine", "graphs");
        Assert.That(graphs.Points, Is.Zero);
        Assert.That(graphs.Message, Does.Contain("diamond").And.Contain("reverse topological order"), graphs.Message);
        var order = Check(report, "engine", "order");
        Assert.That(order.Points, Is.Zero);
        Assert.That(order.Message, Does.Contain("before its parent"), order.Message);
    }

    [Test]
    public void A_recursive_engine_passes_small_graphs_and_loses_the_deep_check_to_a_stack_overflow()
    {
        var report = Grade(Submissions.WithAutodiffCell("engine", "engine-recursive.cell"), "engine", "log");
        AllPass(report, "engine", except: ["deep", "speed"]);
        var deep = Check(report, "engine", "deep");
        Assert.That(deep.Points, Is.Zero);
        Assert.That(deep.Message, Does.Contain("overflowed the stack").And.Contain("explicit stack"), deep.Message);
        AllPass(report, "log");
    }

    [Test]
    public void Kahns_algorithm_with_gradients_kept_on_the_nodes_earns_every_correctness_point()
    {
        var report = Grade(Submissions.WithAutodiffCell("engine", "engine-kahn.cell"), "engine");
        AllPass(report, "engine", except: ["speed"]);
    }

    [Test]
    public void A_missing_broadcast_reduction_passes_forward_and_fails_the_gradient_naming_the_broadcast()
    {
        var report = Grade(Submissions.WithAutodiffCell("add", "add-missing-broadcast-reduction.cell"), "add");
        Assert.That(Check(report, "add", "forward").Passed);
        var gradient = Check(report, "add", "gradient");
        Assert.That(gradient.Points, Is.Zero);
        Assert.That(gradient.Message, Does.Contain("it was broadcast, so sum the gradient over the axes"), gradient.Message);
    }

    [Test]
    public void Broadcasting_by_index_arithmetic_is_a_correct_variant()
    {
        AllPass(Grade(Submissions.WithAutodiffCell("add", "add-elementwise-loops.cell"), "add"), "add");
    }

    [Test]
    public void Log_without_the_reciprocal_fails_the_gradient_and_the_self_check_gives_the_formula()
    {
        string notebook = Submissions.WithAutodiffCell("log", "log-without-reciprocal.cell");
        var report = Grade(notebook, "log");
        Assert.That(Check(report, "log", "forward").Passed);
        var gradient = Check(report, "log", "gradient");
        Assert.That(gradient.Points, Is.Zero);
        Assert.That(gradient.Message, Does.Contain("gradient check failed for dL/dx"), gradient.Message);

        var self = SelfCheckRun.Run(new SelfCheckOptions(notebook, OnlyUnits: ["log"]), Repo.Course);
        var failed = self.Results.Single(r => r.Outcome == PublicOutcome.Failed);
        Assert.That(failed.Check, Is.EqualTo("gradient check"));
        Assert.That(failed.Hint, Does.Contain("dx = dY / x"));
    }

    [Test]
    public void Log_softmax_along_any_axis_by_rows_is_a_correct_variant()
    {
        AllPass(Grade(Submissions.WithAutodiffCell("log_softmax", "log-softmax-composed.cell"), "log_softmax"), "log_softmax");
    }

    [Test]
    public void The_self_check_passes_the_master_and_says_a_missing_reduction_needs_a_sum()
    {
        var master = SelfCheckRun.Run(new SelfCheckOptions(Repo.AutodiffMaster), Repo.Course);
        Assert.That(master.Results.Where(r => r.Outcome != PublicOutcome.Passed).Select(r => $"{r.Unit}/{r.Check}: {r.Message}"), Is.Empty);

        var broken = SelfCheckRun.Run(new SelfCheckOptions(Submissions.WithAutodiffCell("add", "add-missing-broadcast-reduction.cell"), OnlyUnits: ["add"]), Repo.Course);
        var failed = broken.Results.Single(r => r.Outcome == PublicOutcome.Failed);
        Assert.That(failed.Check, Is.EqualTo("backward shapes"));
        Assert.That(failed.Hint, Is.EqualTo(Hints.Unbroadcast));
    }
}
