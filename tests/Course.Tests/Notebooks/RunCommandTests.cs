using System.Diagnostics;
using Course.Grader.Protocol;
using Course.Grader.Pipeline;

namespace Course.Tests.Notebooks;

/// <summary>Running a notebook survives whatever its cells do, and says where errors happened.</summary>
[NonParallelizable]
public class RunCommandTests
{
    [Test]
    public void Errors_are_recorded_with_the_cell_and_line_where_they_happened_and_later_cells_still_run()
    {
        var report = RunNotebooks.Run(
            "int Fail(int x)\n{\n    return 10 / x;\n}",
            "Console.WriteLine(\"before\");\nFail(0);",
            "class Bad { public override string ToString() => throw new InvalidOperationException(\"no\"); }\nnew Bad()",
            "var s = \"after\";\ns",
            "var t = 1;\nundefinedName + 1",
            "new Bad() is not null");

        var thrown = report.Cell(2).Error!;
        Assert.That((thrown.Name, thrown.Cell, thrown.Line), Is.EqualTo(("DivideByZeroException", 1, 3)), "raised in cell 1, line 3");
        Assert.That(thrown.Traceback, Is.EqualTo(new[]
        {
            "DivideByZeroException: Attempted to divide by zero.",
            "   at Fail in cell 1, line 3",
            "   at <cell code> in cell 2, line 2",
        }));
        Assert.That(report.Cell(2).Stdout, Is.EqualTo("before\n"));
        Assert.That(report.Cell(3).ErrorMessage, Does.Contain("displaying the cell's value failed"));
        Assert.That(report.Cell(4).Displays.Single()["text/plain"], Is.EqualTo("after"));

        var compile = report.Cell(5).Error!;
        Assert.That((compile.Name, compile.Cell, compile.Line), Is.EqualTo(("CompilationError", 5, 2)));
        Assert.That(compile.Message, Does.StartWith("cell 5, line 2: error CS0103"));
        Assert.That(compile.Traceback.Single(), Does.StartWith("cell 5, line 2, column 1: error CS0103"));
        Assert.That(report.StoppedBecause, Is.Null);
        Assert.That(report.Cell(6).Displays.Single()["text/plain"], Is.EqualTo("True"), "a cell whose value failed to show still declared Bad");

        var saved = report.SavedOutputs(2);
        Assert.That(saved.Select(o => (string)o!["output_type"]!), Is.EqualTo(new[] { "stream", "error" }));
        Assert.That((string)saved[1]!["ename"]!, Is.EqualTo("DivideByZeroException"));
        Assert.That((string)saved[1]!["traceback"]![1]!, Is.EqualTo("   at Fail in cell 1, line 3"));
    }

    [Test]
    public void A_huge_value_is_cut_not_sent_whole_and_the_run_goes_on()
    {
        var report = RunNotebooks.Run("string.Join(\",\", Enumerable.Range(0, 3_000_000))", "1 + 1");
        Assert.That(report.StoppedBecause, Is.Null);
        string text = report.Cell(1).Displays.Single()["text/plain"]!;
        Assert.That(text.Length, Is.LessThan(1_100_000));
        Assert.That(text, Does.EndWith("more characters cut)"));
        Assert.That(report.Cell(2).Displays.Single()["text/plain"], Is.EqualTo("2"));
    }

    [Test]
    public void Endless_printing_is_capped_and_the_run_goes_on()
    {
        var report = RunNotebooks.Run("for (int i = 0; i < 3_000_000; i++) Console.WriteLine(\"spam spam spam\");", "1 + 1");
        Assert.That(report.Cell(1).Stdout.Length, Is.LessThan(1_100_000));
        Assert.That(report.Cell(1).Stdout, Does.Contain("output cut"));
        Assert.That(report.Cell(2).Displays.Single()["text/plain"], Is.EqualTo("2"));
    }

    /// <summary>
    /// Roslyn cannot interrupt running code, so a cell past its deadline costs the worker: that cell records a
    /// Timeout, a new worker re-runs the cells before it to rebuild the state, and the run goes on.
    /// </summary>
    [Test]
    public void An_endless_cell_times_out_the_run_goes_on_with_the_state_rebuilt_and_no_process_is_left_behind()
    {
        string marker = $"sleep {1000 + Random.Shared.Next(8000)}";
        var report = RunNotebooks.RunIn(RunNotebooks.NewFolder(), TimeSpan.FromSeconds(3), ungated: true,
            $"System.Diagnostics.Process.Start(\"/bin/sh\", \"-c '{marker}'\");\nvar answer = 41;",
            "Console.WriteLine(\"spinning\");\nwhile (true) { }",
            "answer + 1");
        Assert.That(report.Cell(1).Error, Is.Null, "the child process started, so its absence below means something");
        var timeout = report.Cell(2).Error!;
        Assert.That((timeout.Name, timeout.Cell), Is.EqualTo(("Timeout", 2)));
        Assert.That(timeout.Message, Does.Contain("longer than 3 s"));
        Assert.That(timeout.Traceback.Single(), Does.Contain("run again in a new process").And.Contain("the run went on"));
        Assert.That(report.Cell(2).Seconds, Is.GreaterThanOrEqualTo(2.5), "the time it ran, not zero");
        Assert.That(report.StoppedBecause, Is.Null);
        Assert.That(report.Cell(3).Displays.Single()["text/plain"], Is.EqualTo("42"), "cell 1's variable survived the restart");
        Assert.That(report.SavedOutputs(3), Is.Not.Empty);

        Thread.Sleep(500);
        var survivors = Process.GetProcesses().Where(p => { try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(marker.Replace(" ", "\0")); } catch (IOException) { return false; } }).ToList();
        Assert.That(survivors, Is.Empty, "the worker's children were killed with it");
    }

    [Test]
    public void A_cell_that_exits_its_process_is_recorded_and_the_run_goes_on_until_too_many_have()
    {
        var report = RunNotebooks.RunUngated("var x = 20;", "Environment.Exit(3);", "x + 1", "Environment.Exit(4);", "x + 2");
        Assert.That(report.Cell(2).Error!.Name, Is.EqualTo("Crash"));
        Assert.That(report.Cell(2).Error!.Message, Does.StartWith("the cell ended its process").And.Contain("code 3"));
        Assert.That(report.Cell(3).Displays.Single()["text/plain"], Is.EqualTo("21"));
        Assert.That(report.Cell(5).Displays.Single()["text/plain"], Is.EqualTo("22"));
        Assert.That(report.StoppedBecause, Is.Null);

        var cells = new[] { "var y = 1;" }.Concat(Enumerable.Repeat("Environment.Exit(5);", NotebookRunner.MaxRestarts + 1)).Append("y").ToArray();
        var stopped = RunNotebooks.RunUngated(cells);
        int last = NotebookRunner.MaxRestarts + 2;
        Assert.That(stopped.Cell(last).Error!.Traceback.Single(), Does.Contain("the cells after it were not run"));
        Assert.That(stopped.StoppedBecause, Does.StartWith($"cell {last}:").And.Contain("not run"));
        Assert.That(stopped.Outputs.Any(o => o.Cell == last + 1), Is.False);
    }

    [TestCase("folder", "is a folder; give a file name")]
    [TestCase("missing-folder/x.ipynb", "does not exist; create it first")]
    public void A_bad_out_path_is_refused_before_any_cell_runs(string target, string expected)
    {
        string folder = RunNotebooks.NewFolder();
        string notebook = RunNotebooks.Write(folder, "System.IO.File.WriteAllText(\"ran.txt\", \"yes\");");
        Directory.CreateDirectory(Path.Combine(folder, "folder"));
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try { code = Course.Grader.Cli.Commands.Root().Parse(["run", notebook, "--out", Path.Combine(folder, target)]).Invoke(); }
        finally { Console.SetError(previous); }
        Assert.That(code, Is.EqualTo(Course.Grader.Cli.ExitCodes.BadInput));
        Assert.That(error.ToString().Trim(), Does.Contain(expected).And.Not.Contain("\n"));
        Assert.That(File.Exists(Path.Combine(folder, "ran.txt")), Is.False, "no cell ran");
    }
}
