using System.Text.Json.Nodes;
using Course.Grader.Notebooks;
using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Grader.Pipeline;

/// <summary>The outcome of running a notebook: every cell's outputs, in order.</summary>
public sealed record RunReport(Notebook Notebook, IReadOnlyList<CellOutput> Outputs, string? StoppedBecause);

/// <summary>
/// Executes a notebook headlessly in a worker process (never in the grader's own) and writes the outputs back into
/// the notebook in nbformat's shapes: stream, display_data and error.
/// </summary>
public static class NotebookRunner
{
    public static RunReport Run(string path, TimeSpan cellDeadline, Action<CellOutput>? progress = null)
    {
        var notebook = Notebook.Load(path);
        var intake = Intake.Run(notebook);
        var outputs = new List<CellOutput>();
        // Cells whose directives were rejected do not run; they show why.
        foreach (var problem in intake.Problems)
            outputs.Add(new CellOutput(problem.Cell, "", "", null, null, "DirectiveError", problem.Message, problem.Cell, problem.Line, 0));

        string? stopped = null;
        using var worker = WorkerProcess.Start();
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            worker.Execute(new ExecuteRequest(intake.Cells, directory), cellDeadline, output =>
            {
                outputs.Add(output);
                progress?.Invoke(output);
            });
        }
        catch (WorkerFailedException e)
        {
            int next = intake.Cells.Select(c => c.Index).FirstOrDefault(i => outputs.All(o => o.Cell != i));
            stopped = next > 0 ? $"cell {next}: {e.Message}; the cells after it were not run" : e.Message;
            if (next > 0) outputs.Add(new CellOutput(next, "", "", null, null, e.Failure == WorkerFailure.Timeout ? "Timeout" : "Crash", e.Message, 0, 0, 0));
        }

        int count = 0;
        foreach (var cell in notebook.Cells.Where(c => c.CellType == "code"))
        {
            var output = outputs.FirstOrDefault(o => o.Cell == cell.Index);
            cell.SetOutputs(output is null ? [] : ToNbformat(output), output is null ? null : ++count);
        }
        return new RunReport(notebook, outputs.OrderBy(o => o.Cell).ToList(), stopped);
    }

    private static IEnumerable<JsonObject> ToNbformat(CellOutput o)
    {
        if (o.Stdout.Length > 0) yield return Stream("stdout", o.Stdout);
        if (o.Stderr.Length > 0) yield return Stream("stderr", o.Stderr);
        if (o.DisplayText is not null)
        {
            var data = new JsonObject { ["text/plain"] = Lines(o.DisplayText) };
            if (o.DisplayHtml is not null) data["text/html"] = Lines(o.DisplayHtml);
            yield return new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() };
        }
        if (o.ErrorName is not null)
        {
            string where = o.ErrorLine > 0 ? $" (cell {o.ErrorCell}, line {o.ErrorLine})" : "";
            yield return new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = o.ErrorName,
                ["evalue"] = o.ErrorMessage ?? "",
                ["traceback"] = new JsonArray($"{o.ErrorName}: {o.ErrorMessage}{where}"),
            };
        }
    }

    private static JsonObject Stream(string name, string text) => new() { ["output_type"] = "stream", ["name"] = name, ["text"] = Lines(text) };

    private static JsonArray Lines(string text) => new(NotebookCell.SplitLines(text).Select(l => (JsonNode)l).ToArray());
}
