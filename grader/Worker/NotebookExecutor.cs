using System.Diagnostics;
using Course.Grader.Protocol;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Plotly.NET;

namespace Course.Worker;

/// <summary>
/// Runs a notebook's cells top to bottom, as a notebook front end does: one script state carried from cell to cell,
/// a failing cell recorded and execution going on from the last good state (Jupyter's allow-errors). Each cell's
/// outputs are reported as soon as it finishes, so the grader can enforce a per-cell deadline.
/// </summary>
public sealed class NotebookExecutor(Action<CellOutput> report)
{
    private const int OutputCap = 1 << 20;

    // plotly.js alone is 3.6 MB; a chart's data comes on top. Anything larger is cut, never sent whole.
    private const int HtmlCap = 16 << 20;
    private bool plotlyIncluded;

    public void Run(ExecuteRequest request)
    {
        Directory.SetCurrentDirectory(request.WorkingDirectory);
        var options = CellCompiler.Options();
        ScriptState<object>? state = null;
        foreach (var cell in request.Cells)
        {
            var stdout = new CappedWriter(OutputCap);
            var stderr = new CappedWriter(OutputCap);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var clock = Stopwatch.StartNew();
            string? errorName = null, errorMessage = null, displayText = null, displayHtml = null;
            int errorCell = 0, errorLine = 0;
            try
            {
                string code = CellCompiler.Source(cell);
                var next = state is null
                    ? CSharpScript.Create(code, options).RunAsync(null, _ => true).GetAwaiter().GetResult()
                    : state.ContinueWithAsync(code, options, catchException: _ => true).GetAwaiter().GetResult();
                state = next;
                if (next.Exception is { } e)
                {
                    errorName = e.GetType().Name;
                    errorMessage = e.Message;
                    (errorCell, errorLine) = CallHandler.NotebookFrame(e);
                }
                else if (next.ReturnValue is { } value)
                {
                    (displayText, displayHtml) = Display(value);
                }
            }
            catch (CompilationErrorException e)
            {
                // The state before the cell is kept, as a notebook kernel keeps it.
                var first = e.Diagnostics.First(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
                var d = CellCompiler.Describe(first, cell.Index);
                errorName = "CompilationError";
                errorMessage = $"error {d.Id}: {d.Message}";
                (errorCell, errorLine) = (d.Cell, d.Line);
            }
            catch (Exception e)
            {
                // Showing a value runs the student's ToString (or a chart's renderer): it may throw too.
                errorName = e.GetType().Name;
                errorMessage = $"displaying the cell's value failed: {e.Message}";
                (errorCell, errorLine) = CallHandler.NotebookFrame(e);
            }
            report(new CellOutput(cell.Index, stdout.ToString(), stderr.ToString(), Cap(displayText), Cap(displayHtml, HtmlCap),
                errorName, Cap(errorMessage), errorCell, errorLine, clock.Elapsed.TotalSeconds));
        }
    }

    private static string? Cap(string? text, int cap = OutputCap) =>
        text is null || text.Length <= cap ? text : text[..cap] + $"\n… ({text.Length - cap} more characters cut)";

    /// <summary>A trailing expression's value: charts as offline HTML (plotly.js inlined once per notebook), the rest as text.</summary>
    private (string Text, string? Html) Display(object value)
    {
        if (value is GenericChart chart)
        {
            string html = GenericChart.toChartHTML(chart);
            if (!plotlyIncluded)
            {
                using var js = typeof(GenericChart).Assembly.GetManifestResourceStream("Plotly.NET.plotly-2.28.0.min.js");
                if (js is not null)
                {
                    html = $"<script type=\"text/javascript\">{new StreamReader(js).ReadToEnd()}</script>\n" + html;
                    plotlyIncluded = true;
                }
            }
            return ("(a Plotly chart)", html);
        }
        return (value.ToString() ?? "", null);
    }
}
