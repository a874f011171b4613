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
/// A cell that runs past the deadline cannot be interrupted (Roslyn cannot stop running code), so its worker is
/// killed, and one that ends its process (Environment.Exit, a stack overflow) takes the worker with it. Either way
/// that cell records the error and the run goes on, as Jupyter's allow-errors does: a new worker re-runs the cells
/// before it (their outputs are already recorded and are not taken again) to rebuild the notebook's state, skips it,
/// and carries on. After <see cref="MaxRestarts"/> such cells the run stops and
/// <see cref="RunReport.StoppedBecause"/> says why; the cells left keep no outputs and no execution count.
/// </remarks>
public static class NotebookRunner
{
    public const int MaxRestarts = 3;

    /// <remarks><paramref name="allowParallelism"/>: the homework lets its code use threads (course.json); the gate
    /// refuses them otherwise, in <c>run</c> as in grading. <paramref name="ungated"/> turns the static gate off: for
    /// tests of what the worker and the sandbox do with code the gate would have stopped, never for students.</remarks>
    public static RunReport Run(string path, TimeSpan cellDeadline, Action<CellOutput>? progress = null, bool allowParallelism = false, bool ungated = false)
    {
        var notebook = Notebook.Load(path);
        var intake = Intake.Run(notebook);
        var outputs = new List<CellOutput>();
        void Record(CellOutput output)
        {
            outputs.Add(output);
            progress?.Invoke(output);
        }
        // Cells whose directives were rejected do not run; they show why.
        foreach (var problem in intake.Problems.GroupBy(p => p.Cell))
            Record(new CellOutput(problem.Key, [DirectiveError(problem.ToList())], 0));

        string? stopped = null;
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var killers = new HashSet<int>(); // cells that cost a worker: skipped when the state is rebuilt
        while (true)
        {
            var cells = intake.Cells.Where(c => !killers.Contains(c.Index)).ToList();
            // The notebook's own folder is readable (its data, #load files); nothing else of the machine's.
            using var worker = WorkerProcess.Start([directory]);
            // An empty run first: a worker that cannot run anything at all is not any cell's fault.
            try { worker.Execute(new ExecuteRequest([], directory), cellDeadline, _ => { }); }
            catch (WorkerFailedException e)
            {
                stopped = $"the worker process failed before running any cell ({e.Message}); " +
                          (outputs.Count == 0 ? "no cell was run" : "the cells not yet run were not run");
                break;
            }
            var sinceLastOutput = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                worker.Execute(new ExecuteRequest(cells, directory, allowParallelism, ungated), cellDeadline, output =>
                {
                    sinceLastOutput.Restart();
                    if (outputs.Any(o => o.Cell == output.Cell)) return; // re-run to rebuild the state: recorded before
                    Record(WithWarnings(output, intake.CellWarnings));
                });
                break;
            }
            catch (WorkerFailedException e)
            {
                int next = cells.Select(c => c.Index).FirstOrDefault(i => outputs.All(o => o.Cell != i));
                if (next == 0)
                {
                    stopped = e.Message;
                    break;
                }
                bool timeout = e.Failure == WorkerFailure.Timeout;
                string name = timeout ? "Timeout" : "Crash";
                string message = timeout ? $"the cell ran longer than {cellDeadline.TotalSeconds:0.#} s and was stopped" : $"the cell ended its process ({e.Message})";
                killers.Add(next);
                bool goOn = killers.Count <= MaxRestarts && cells.Any(c => c.Index > next);
                string after = goOn
                    ? "the cells before it were run again in a new process to rebuild the notebook's state, and the run went on"
                    : "the cells after it were not run";
                Record(new CellOutput(next, [new OutputItem.Error(name, message, [$"{name}: {message} (cell {next}); {after}"], next, 0)],
                    sinceLastOutput.Elapsed.TotalSeconds));
                if (!goOn)
                {
                    if (cells.Any(c => c.Index > next))
                        stopped = $"cell {next}: {message}; {killers.Count} cells stopped their process, so the cells after it were not run";
                    break;
                }
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
