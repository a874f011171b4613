using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;
using Course.Tests.Grader;

namespace Course.Tests.Gate;

/// <summary>The gate end to end: a submission whose unit cell breaks it is graded 0 on that unit with the gate's
/// message, other units are untouched, and <c>run</c> shows the same message in the cell's output.</summary>
[NonParallelizable]
public class GatedSubmissionTests
{
    private static string WithLineAppended(string unit, string line, string name, out int cell, out int lineNumber)
    {
        var master = Submissions.CellOf(Notebook.Load(Repo.MasterNotebook), unit);
        string source = master.Source.TrimEnd('\n') + "\n" + line;
        cell = master.Index;
        lineNumber = source.Split('\n').Length;
        return Submissions.WithCellSource(unit, source, $"gate-{unit}");
    }

    [TestCase("S01", "static string Leak() => System.IO.File.ReadAllText(\"/etc/hostname\");", "System.IO.File.ReadAllText is not allowed in graded code (files); load data with Course.Data.Mnist.Load or pass it in")]
    [TestCase("S09", "static void Spin() => System.Threading.Tasks.Parallel.For(0, 1_000_000, i => { });", "System.Threading.Tasks.Parallel.For is not allowed in graded code (threads)")]
    public void A_unit_whose_cell_breaks_the_gate_scores_zero_with_the_message(string id, string line, string message)
    {
        string notebook = WithLineAppended("relu", line, id, out int cell, out int lineNumber);
        var report = GradingFixtureTests.Grade(notebook, "relu", "sigmoid");
        var relu = report.Checks.Where(c => c.Unit == "relu").ToList();
        Assert.That(relu.Sum(c => c.Points), Is.Zero);
        Assert.That(relu.First().Message, Does.Contain($"cell {cell}").And.Contain($"line {lineNumber}").And.Contain(message));
        // Speed is left out: it depends on how busy the machine is, not on the gate.
        var sigmoid = report.Checks.Where(c => c.Unit == "sigmoid" && c.Check != "speed").ToList();
        Assert.That(sigmoid, Is.Not.Empty);
        Assert.That(sigmoid.Sum(c => c.Points), Is.EqualTo(sigmoid.Sum(c => c.MaxPoints)), "other units are graded as usual");
    }

    [Test]
    public void Run_shows_the_gate_message_and_does_not_run_the_cell()
    {
        string notebook = WithLineAppended("relu", "Console.WriteLine(\"ran\"); Environment.Exit(3);", "run", out int cell, out int lineNumber);
        var report = NotebookRunner.Run(notebook, TimeSpan.FromMinutes(2));
        var output = report.Outputs.Single(o => o.Cell == cell);
        Assert.That(output.ErrorMessage, Does.Contain("System.Environment.Exit is not allowed in graded code (environment)"));
        Assert.That(output.ErrorMessage, Does.Contain($"line {lineNumber}"));
        Assert.That(string.Concat(report.Outputs.Select(o => o.Stdout)), Does.Not.Contain("ran\n"));
        Assert.That(report.StoppedBecause, Is.Null, "the cell never ran, so it did not end the worker");
    }

    [Test]
    public void A_loaded_file_is_gated_and_named_with_its_line()
    {
        string folder = Notebooks.RunNotebooks.NewFolder();
        File.WriteAllText(Path.Combine(folder, "helpers.csx"), "// helpers\nstatic string Secret() => System.IO.File.ReadAllText(\"/etc/hostname\");\n");
        var report = Notebooks.RunNotebooks.RunIn(folder, TimeSpan.FromSeconds(60), "var x = 1;", "#load \"helpers.csx\"\nSecret()");
        Assert.That(report.Outputs.Single(o => o.Cell == 2).ErrorMessage,
            Does.Contain("helpers.csx, line 2 (loaded by cell 2)").And.Contain("System.IO.File.ReadAllText is not allowed in graded code (files)"));
    }
}
