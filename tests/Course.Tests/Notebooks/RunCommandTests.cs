using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>Running a notebook survives whatever its cells do, and says where errors happened.</summary>
[NonParallelizable]
public class RunCommandTests
{
    private static string Notebook(params string[] cells)
    {
        var json = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#", ["display_name"] = ".NET (C#)" } },
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code", ["id"] = $"c{i}", ["execution_count"] = null, ["metadata"] = new JsonObject(),
                ["outputs"] = new JsonArray(), ["source"] = c,
            }).ToArray()),
        };
        string path = Path.Combine(Submissions.Directory, $"run-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Test]
    public void Errors_are_recorded_with_the_cell_and_line_where_they_happened_and_later_cells_still_run()
    {
        var report = NotebookRunner.Run(Notebook(
            "int Fail(int x)\n{\n    return 10 / x;\n}",
            "Console.WriteLine(\"before\");\nFail(0);",
            "class Bad { public override string ToString() => throw new InvalidOperationException(\"no\"); }\nnew Bad()",
            "var s = \"after\";\ns",
            "undefinedName + 1"), TimeSpan.FromSeconds(60));
        var byCell = report.Outputs.ToDictionary(o => o.Cell);
        Assert.That((byCell[2].ErrorName, byCell[2].ErrorCell, byCell[2].ErrorLine), Is.EqualTo(("DivideByZeroException", 1, 3)), "raised in cell 1, line 3");
        Assert.That(byCell[2].Stdout, Is.EqualTo("before\n"));
        Assert.That(byCell[3].ErrorMessage, Does.Contain("displaying the cell's value failed"));
        Assert.That(byCell[4].DisplayText, Is.EqualTo("after"));
        Assert.That((byCell[5].ErrorName, byCell[5].ErrorLine), Is.EqualTo(("CompilationError", 1)));
        Assert.That(byCell[5].ErrorMessage, Does.Contain("CS0103"));
        Assert.That(report.StoppedBecause, Is.Null);
    }

    [Test]
    public void A_huge_value_is_cut_not_sent_whole_and_the_run_goes_on()
    {
        var report = NotebookRunner.Run(Notebook("string.Join(\",\", Enumerable.Range(0, 3_000_000))", "1 + 1"), TimeSpan.FromSeconds(60));
        Assert.That(report.StoppedBecause, Is.Null);
        Assert.That(report.Outputs[0].DisplayText!.Length, Is.LessThan(1_100_000));
        Assert.That(report.Outputs[0].DisplayText, Does.EndWith("more characters cut)"));
        Assert.That(report.Outputs[1].DisplayText, Is.EqualTo("2"));
    }

    [Test]
    public void An_endless_cell_times_out_and_no_process_is_left_behind()
    {
        string marker = $"sleep {1000 + Random.Shared.Next(8000)}";
        var report = NotebookRunner.Run(Notebook(
            $"System.Diagnostics.Process.Start(\"/bin/sh\", \"-c '{marker}'\");",
            "while (true) { }",
            "1"), TimeSpan.FromSeconds(3));
        Assert.That(report.Outputs.Single(o => o.Cell == 1).ErrorName, Is.Null, "the child process started, so its absence below means something");
        Assert.That(report.StoppedBecause, Does.Contain("cell 2").And.Contain("longer than 3 s"));
        Thread.Sleep(500);
        var survivors = Process.GetProcesses().Where(p => { try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(marker.Replace(" ", "\0")); } catch (IOException) { return false; } }).ToList();
        Assert.That(survivors, Is.Empty, "the worker's children were killed with it");
    }
}
