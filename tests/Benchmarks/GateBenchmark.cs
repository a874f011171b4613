using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Worker;
using Course.Worker.Gate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Benchmarks;

/// <summary>
/// What the static gate adds to compiling a notebook: the master's cells are compiled as the worker compiles them
/// (one script submission each, emitted), then the gate (semantic walk + IL pass) is timed on every cell. The first
/// pass is what a worker pays (each compilation is gated once); later passes find Roslyn's binding caches warm.
/// </summary>
internal static class GateBenchmark
{
    public static int Run(string path, int rounds)
    {
        var cells = Intake.Run(Notebook.Load(path)).Cells;
        var options = CellCompiler.Options();
        var compiled = new List<(Compilation Compilation, byte[] Pe)>();
        Script? previous = null;
        double emitSeconds = Timing.Seconds(() =>
        {
            foreach (var cell in cells)
            {
                string code = CellCompiler.Source(cell);
                Script script = previous is null ? CSharpScript.Create(code, options) : previous.ContinueWith(code, options);
                using var pe = new MemoryStream();
                var emitted = script.GetCompilation().Emit(pe);
                if (!emitted.Success && emitted.Diagnostics.IsEmpty)
                {
                    // As CellCompiler does: a cell without a statement needs one to be emitted at all.
                    script = previous is null ? CSharpScript.Create(code + "\n;", options) : previous.ContinueWith(code + "\n;", options);
                    pe.SetLength(0);
                    emitted = script.GetCompilation().Emit(pe);
                }
                if (!emitted.Success)
                {
                    Console.WriteLine($"cell {cell.Index} does not compile: {emitted.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)}");
                    continue;
                }
                compiled.Add((script.GetCompilation(), pe.ToArray()));
                previous = script;
            }
        });
        var gate = new CodeGate(Allowlist.Standard);
        int violations = 0;
        double Pass() => Timing.Seconds(() =>
        {
            foreach (var (compilation, pe) in compiled) violations += gate.Check(compilation, new MemoryStream(pe)).Count;
        });
        double first = Pass();
        var later = Enumerable.Range(0, rounds).Select(_ => Pass()).ToList();
        Console.WriteLine($"static gate on {Path.GetFileName(path)}: {compiled.Count} of {cells.Count} cells compiled, {violations} violations");
        Console.WriteLine($"  compile + emit, all cells (cold, includes Roslyn start-up): {emitSeconds * 1000:0} ms");
        Console.WriteLine($"  gate, first pass over all cells (what a worker pays):     {first * 1000:0.0} ms ({first * 1000 / compiled.Count:0.00} ms per cell)");
        Console.WriteLine($"  gate, median of {rounds} later passes:                        {Timing.Median(later) * 1000:0.0} ms");
        return violations == 0 ? 0 : 1;
    }
}
