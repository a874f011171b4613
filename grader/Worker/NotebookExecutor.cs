using System.Collections.Concurrent;
using System.Diagnostics;
using Course.Display;
using Microsoft.DotNet.Interactive;
using Course.Grader.Protocol;
using Course.Worker.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Diagnostic = Course.Grader.Protocol.Diagnostic;

namespace Course.Worker;

/// <summary>
/// Runs a notebook's cells top to bottom, as a notebook front end does: one script state carried from cell to cell,
/// a failing cell recorded and execution going on from the last good state (Jupyter's allow-errors). Each cell's
/// outputs are reported as soon as it finishes, so the grader can enforce a per-cell deadline.
/// </summary>
/// <remarks>
/// Compiling is independent of running, so a background thread compiles the cells ahead (Roslyn's cold start and
/// each cell's compile overlap the previous cell's run); the runner only waits when it gets ahead of the compiler.
/// A cell's <see cref="CellOutput.Seconds"/> is its own run time (and showing its value), not its compile time.
/// </remarks>
public sealed class NotebookExecutor(Action<CellOutput> report)
{
    private readonly ValueFormatter formatter = new();
    private CellRecorder? current;

    public void Run(ExecuteRequest request)
    {
        string directory = Path.GetFullPath(request.WorkingDirectory);
        Directory.SetCurrentDirectory(directory);
        var compiled = new BlockingCollection<CompiledCell>(boundedCapacity: 4);
        var gate = request.Ungated ? null : new Gate.CodeGate(Gate.Allowlist.For(request.AllowParallelism));
        var compiler = new Thread(() => CompileAll(request.Cells, directory, gate, compiled)) { IsBackground = true, Name = "cell compiler" };
        compiler.Start();
        DisplayBus.Publish = (value, mimes) => current?.Display(formatter.Format(value, mimes)) ?? -1;
        DisplayBus.Update = (handle, value, mimes) => current?.Replace(handle, formatter.Format(value, mimes));

        ScriptState<object>? state = null;
        var waiting = Stopwatch.StartNew();
        foreach (var cell in compiled.GetConsumingEnumerable())
        {
            double waited = waiting.Elapsed.TotalSeconds;
            var recorder = current = new CellRecorder();
            Console.SetOut(recorder.Stdout);
            Console.SetError(recorder.Stderr);
            var clock = Stopwatch.StartNew();
            if (cell.Errors.Count > 0)
                recorder.Error(ErrorReport.FromDiagnostics(cell.Errors)); // the state before the cell is kept, as a kernel keeps it
            else
                state = RunCell(cell.Script!, state, recorder, directory);
            current = null;
            double seconds = clock.Elapsed.TotalSeconds;
            waiting.Restart();
            report(new CellOutput(cell.Index, recorder.Items(), seconds, cell.CompileSeconds, waited));
        }
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
    }

    private ScriptState<object>? RunCell(Script<object> script, ScriptState<object>? state, CellRecorder recorder, string directory)
    {
        // Exceptions of the cell's code end up in the new state (catchException), which carries on either way.
        var next = (state is null ? script.RunAsync(null, _ => true) : script.RunFromAsync(state, _ => true)).GetAwaiter().GetResult();
        if (next.Exception is { } e)
        {
            recorder.Error(ErrorReport.FromException(e, directory));
            return next;
        }
        try
        {
            // Nulls and void are not shown (Roslyn reports both as a null value); neither is display()'s handle.
            if (next.ReturnValue is { } value and not DisplayedValue) recorder.Display(formatter.Format(value, []));
        }
        catch (Exception shown)
        {
            // Showing a value runs the student's ToString (or a chart's renderer): it may throw too.
            recorder.Error(ErrorReport.FromException(shown, directory, "displaying the cell's value failed"));
        }
        return next;
    }

    private static void CompileAll(IReadOnlyList<SourceCell> cells, string directory, Gate.CodeGate? gate, BlockingCollection<CompiledCell> compiled)
    {
        try
        {
            var options = CellCompiler.Options(directory);
            Script<object>? previous = null;
            foreach (var cell in cells)
            {
                var clock = Stopwatch.StartNew();
                var result = Compile(previous, cell, options, directory, gate);
                result = result with { CompileSeconds = clock.Elapsed.TotalSeconds };
                if (result.Script is not null) previous = result.Script;
                compiled.Add(result);
            }
        }
        finally
        {
            compiled.CompleteAdding();
        }
    }

    /// <summary>Compiles one cell after <paramref name="previous"/>, with Plotly's Show calls made into displays.</summary>
    private static CompiledCell Compile(Script<object>? previous, SourceCell cell, ScriptOptions options, string directory, Gate.CodeGate? gate)
    {
        try
        {
            string code = CellCompiler.Source(cell);
            var script = Continue(previous, code, options);
            var errors = Errors(script.Compile(), cell.Index, directory);
            if (errors.Count > 0) return new CompiledCell(cell.Index, null, [.. errors, .. Errors(gate?.Check(script.GetCompilation(), null) ?? [], cell.Index, directory)]);
            if (errors.Count == 0 && ShowRewriter.Rewrite(script.GetCompilation()) is { Count: > 0 } rewritten)
            {
                foreach (var (path, text) in rewritten.Where(r => r.Key.Length > 0))
                    ((NotebookSourceResolver)options.SourceResolver).Replace(path, text);
                script = Continue(previous, rewritten.GetValueOrDefault("", code), options);
                errors = Errors(script.Compile(), cell.Index, directory);
            }
            if (errors.Count == 0 && gate is not null) errors = Gated(script, cell.Index, directory, gate);
            return errors.Count > 0 ? new CompiledCell(cell.Index, null, errors) : new CompiledCell(cell.Index, script, []);
        }
        catch (CompilationErrorException e)
        {
            return new CompiledCell(cell.Index, null, Errors(e.Diagnostics, cell.Index, directory)); // #load failures
        }
        catch (Exception e)
        {
            // Roslyn failing on odd input must cost this cell only, never the cells after it.
            return new CompiledCell(cell.Index, null, [new Diagnostic(cell.Index, 0, 0, true, "COMPILER", $"the compiler failed on this cell: {e.GetType().Name}: {e.Message}")]);
        }
    }

    /// <summary>The static gate's verdict on a cell that compiles, before it can run (the same rules as grading,
    /// so students meet them early). Emitting here costs a few milliseconds; the script emits again to run.</summary>
    private static List<Diagnostic> Gated(Script<object> script, int cell, string directory, Gate.CodeGate gate)
    {
        var compilation = script.GetCompilation();
        using var pe = new MemoryStream();
        if (!compilation.Emit(pe).Success) return [];
        return Errors(gate.Check(compilation, pe), cell, directory);
    }

    private static Script<object> Continue(Script<object>? previous, string code, ScriptOptions options) =>
        previous is null ? CSharpScript.Create(code, options) : previous.ContinueWith(code, options);

    private static List<Diagnostic> Errors(IEnumerable<Microsoft.CodeAnalysis.Diagnostic> diagnostics, int cell, string directory) =>
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => CellCompiler.Describe(d, cell, directory)).ToList();

    /// <summary>A cell ready to run (<see cref="Script"/>), or its compile errors.</summary>
    private sealed record CompiledCell(int Index, Script<object>? Script, IReadOnlyList<Diagnostic> Errors)
    {
        public double CompileSeconds { get; init; }
    }
}
