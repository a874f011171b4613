using System.Diagnostics;
using Course.Grader.Protocol;

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
    /// Timeout, the cells after it are not run (no outputs, no execution count), and the report says why.
    /// </summary>
    [Test]
    public void An_endless_cell_times_out_the_later_cells_are_not_run_and_no_process_is_left_behind()
    {
        string marker = $"sleep {1000 + Random.Shared.Next(8000)}";
        var report = RunNotebooks.RunIn(RunNotebooks.NewFolder(), TimeSpan.FromSeconds(3),
            $"System.Diagnostics.Process.Start(\"/bin/sh\", \"-c '{marker}'\");",
            "Console.WriteLine(\"spinning\");\nwhile (true) { }",
            "1");
        Assert.That(report.Cell(1).Error, Is.Null, "the child process started, so its absence below means something");
        var timeout = report.Cell(2).Error!;
        Assert.That((timeout.Name, timeout.Cell), Is.EqualTo(("Timeout", 2)));
        Assert.That(timeout.Message, Does.Contain("longer than 3 s"));
        Assert.That(report.StoppedBecause, Does.Contain("cell 2").And.Contain("longer than 3 s").And.Contain("not run"));
        Assert.That(report.Outputs.Any(o => o.Cell == 3), Is.False, "cell 3 was not run");
        Assert.That(report.SavedOutputs(3), Is.Empty);

        Thread.Sleep(500);
        var survivors = Process.GetProcesses().Where(p => { try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(marker.Replace(" ", "\0")); } catch (IOException) { return false; } }).ToList();
        Assert.That(survivors, Is.Empty, "the worker's children were killed with it");
    }
}
