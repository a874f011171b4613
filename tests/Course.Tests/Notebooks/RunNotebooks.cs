using System.Text.Json.Nodes;
using Course.Grader.Pipeline;
using Course.Grader.Protocol;

namespace Course.Tests.Notebooks;

/// <summary>Writes small C# notebooks into a folder of their own (so #load has a tree to stay in) and runs them.</summary>
public static class RunNotebooks
{
    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "course-run-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static string Write(string folder, params string[] cells)
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
        string path = Path.Combine(folder, "notebook.ipynb");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>Runs the cells; the executed notebook is saved next to it and checked by the nbformat validator.</summary>
    public static RunReport Run(params string[] cells) => RunIn(NewFolder(), TimeSpan.FromSeconds(60), cells);

    public static RunReport RunIn(string folder, TimeSpan cellDeadline, params string[] cells) => RunIn(folder, cellDeadline, false, cells);

    /// <summary>Without the static gate: for what the worker does with code the gate would stop (exits, child
    /// processes), which students never get past it.</summary>
    public static RunReport RunUngated(params string[] cells) => RunIn(NewFolder(), TimeSpan.FromSeconds(60), true, cells);

    public static RunReport RunIn(string folder, TimeSpan cellDeadline, bool ungated, params string[] cells)
    {
        var report = NotebookRunner.Run(Write(folder, cells), cellDeadline, ungated: ungated);
        string executed = Path.Combine(folder, "executed.ipynb");
        report.Notebook.Save(executed);
        Nbformat.AssertValid(executed);
        return report;
    }

    public static CellOutput Cell(this RunReport report, int index) => report.Outputs.Single(o => o.Cell == index);

    /// <summary>The saved nbformat outputs of cell <paramref name="index"/> (1-based).</summary>
    public static JsonArray SavedOutputs(this RunReport report, int index) =>
        (JsonArray)JsonNode.Parse(report.Notebook.ToJson())!["cells"]![index - 1]!["outputs"]!;
}
