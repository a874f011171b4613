using System.Text.Json.Nodes;
using Course.Grader.Notebooks;
using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Grader.Pipeline;

/// <summary>The outcome of running a notebook: every cell's outputs, in order, and intake's notes (cells in other
/// languages that were skipped, and the like).</summary>
public sealed record RunReport(Notebook Notebook, IReadOnlyList<CellOutput> Outputs, string? StoppedBecause, IReadOnlyList<string> Warnings);

/// <summary>
/// Executes a notebook headlessly in a worker process (never in the grader's own) and writes the outputs back into
/// the notebook in nbformat's shapes: stream, display_data and error, in the order they happened.
/// </summary>
/// <remarks>
/// A cell that runs past the deadline cannot be interrupted (Roslyn cannot stop running code), so the worker is
/// killed: that cell gets a Timeout error and the cells after it are not run — their state is gone with the worker,
/// and running them in a fresh one would only pile up errors about missing names. They keep no outputs and no
/// execution count, and <see cref="RunReport.StoppedBecause"/> says why. A crash of the worker ends the run the same way.
/// </remarks>
public static class NotebookRunner
{
    public static RunReport Run(string path, TimeSpan cellDeadline, Action<CellOutput>? progress = null)
    {
        var notebook = Notebook.Load(path);
        var intake = Intake.Run(notebook);
        var outputs = new List<CellOutput>();
        // Cells whose directives were rejected do not run; they show why.
        foreach (var problem in intake.Problems.GroupBy(p => p.Cell))
        {
            outputs.Add(new CellOutput(problem.Key, [DirectiveError(problem.ToList())], 0));
            progress?.Invoke(outputs[^1]);
        }

        string? stopped = null;
        using var worker = WorkerProcess.Start();
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            worker.Execute(new ExecuteRequest(intake.Cells, directory), cellDeadline, output =>
            {
                output = WithWarnings(output, intake.CellWarnings);
                outputs.Add(output);
                progress?.Invoke(output);
            });
        }
        catch (WorkerFailedException e)
        {
            int next = intake.Cells.Select(c => c.Index).FirstOrDefault(i => outputs.All(o => o.Cell != i));
            bool timeout = e.Failure == WorkerFailure.Timeout;
            string message = timeout ? $"the cell ran longer than {cellDeadline.TotalSeconds:0.#} s and was stopped" : e.Message;
            stopped = next > 0 ? $"cell {next}: {message}; the cells after it were not run (the kernel's state was lost)" : e.Message;
            if (next > 0)
            {
                var failed = new CellOutput(next, [new OutputItem.Error(timeout ? "Timeout" : "Crash", message, [$"{(timeout ? "Timeout" : "Crash")}: {message} (cell {next}); the cells after it were not run"], next, 0)], 0);
                outputs.Add(failed);
                progress?.Invoke(failed);
            }
        }

        int count = 0;
        foreach (var cell in notebook.Cells.Where(c => c.CellType == "code"))
        {
            var output = outputs.FirstOrDefault(o => o.Cell == cell.Index);
            cell.SetOutputs(output is null ? [] : output.Items.Select(ToNbformat), output is null ? null : ++count);
        }
        return new RunReport(notebook, outputs.OrderBy(o => o.Cell).ToList(), stopped, intake.Warnings);
    }

    private static OutputItem.Error DirectiveError(IReadOnlyList<Diagnostic> problems)
    {
        var first = problems[0];
        return new OutputItem.Error("DirectiveError", $"{first.Where}: {first.Message}", problems.Select(p => $"{p.Where}: {p.Message}").ToList(), first.Cell, first.Line);
    }

    /// <summary>Intake's notes on a cell (a package version that differs from the installed one) open its stderr.</summary>
    private static CellOutput WithWarnings(CellOutput output, IReadOnlyDictionary<int, IReadOnlyList<string>>? warnings) =>
        warnings is not null && warnings.TryGetValue(output.Cell, out var notes)
            ? output with { Items = [new OutputItem.Stream("stderr", string.Concat(notes.Select(n => n + "\n"))), .. output.Items] }
            : output;

    private static JsonObject ToNbformat(OutputItem item) => item switch
    {
        OutputItem.Stream s => new JsonObject { ["output_type"] = "stream", ["name"] = s.Name, ["text"] = Lines(s.Text) },
        OutputItem.Display d => new JsonObject
        {
            ["output_type"] = "display_data",
            ["data"] = new JsonObject(d.Data.DistinctBy(m => m.Mime).Select(m => KeyValuePair.Create(m.Mime, (JsonNode?)Lines(m.Content)))),
            ["metadata"] = new JsonObject(),
        },
        OutputItem.Error e => new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = e.Name,
            ["evalue"] = e.Message,
            ["traceback"] = new JsonArray(e.Traceback.Select(l => (JsonNode)l).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.GetType().Name),
    };

    private static JsonArray Lines(string text) => new(NotebookCell.SplitLines(text).Select(l => (JsonNode)l).ToArray());
}
