using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Course.Grader.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Diagnostic = Course.Grader.Protocol.Diagnostic;

namespace Course.Worker;

/// <summary>
/// Compiles a notebook's C# cells the way a notebook kernel does: one script submission per cell, each continuing
/// the previous one, so usings and declarations carry forward. A cell that does not compile is skipped and the chain
/// goes on from the last good cell, as in Polyglot Notebooks. Each submission is emitted with its PDB (so stack
/// traces carry cell lines) and loaded into one collectible load context.
/// </summary>
/// <remarks>Nothing is executed here: grading only needs the types the cells declare.</remarks>
public sealed class CellCompiler
{
    // Polyglot's C# kernel imports these; matching them keeps code behaving the same.
    private static readonly string[] Imports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    // Roslyn's reference-unification notes, and nullable annotations outside a nullable context (notebook
    // kernels never enable one): neither is a problem in the student's code.
    private static readonly HashSet<string> IgnoredIds = ["CS1701", "CS1702", "CS1705", "CS8632"];

    private readonly SubmissionLoadContext context = new();

    public List<Assembly> Submissions { get; } = [];

    /// <summary>How notebook code is compiled, for grading and for running alike.</summary>
    public static ScriptOptions Options() => ScriptOptions.Default
        .WithReferences(References.ForNotebooks())
        .WithImports(Imports)
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithAllowUnsafe(false);

    /// <summary>The code handed to Roslyn for a cell: a #line directive makes every location read "cell-N".</summary>
    public static string Source(SourceCell cell) => $"#line 1 \"cell-{cell.Index}\"\n{cell.Code}";

    public static Diagnostic Describe(Microsoft.CodeAnalysis.Diagnostic d, int fallbackCell) => Map(d, fallbackCell);

    public static bool Reported(Microsoft.CodeAnalysis.Diagnostic d) => d.Severity >= DiagnosticSeverity.Warning && !IgnoredIds.Contains(d.Id);

    public LoadResult Compile(IReadOnlyList<SourceCell> cells)
    {
        var options = Options();

        var diagnostics = new List<Diagnostic>();
        var failed = new List<int>();
        Script? previous = null;
        foreach (var cell in cells)
        {
            string code = Source(cell);
            var (script, emitted, pe, pdb) = Emit(previous, code, options);
            if (!emitted.Success && emitted.Diagnostics.IsEmpty)
            {
                // Roslyn emits nothing, and says nothing, for a submission without a statement (a cell of only
                // usings or comments). An empty statement after the cell's last line gives it one.
                (script, emitted, pe, pdb) = Emit(previous, code + "\n;", options);
            }
            bool hasErrors = false;
            foreach (var d in emitted.Diagnostics)
            {
                if (!Reported(d)) continue;
                hasErrors |= d.Severity == DiagnosticSeverity.Error;
                diagnostics.Add(Map(d, cell.Index));
            }
            if (hasErrors || !emitted.Success)
            {
                failed.Add(cell.Index);
                continue;
            }
            pe.Position = 0;
            pdb.Position = 0;
            Submissions.Add(context.Add(pe, pdb));
            previous = script;
        }
        return new LoadResult(diagnostics, failed);
    }

    private static (Script, Microsoft.CodeAnalysis.Emit.EmitResult, MemoryStream, MemoryStream) Emit(Script? previous, string code, ScriptOptions options)
    {
        Script script = previous is null ? CSharpScript.Create(code, options) : previous.ContinueWith(code, options);
        var pe = new MemoryStream();
        var pdb = new MemoryStream();
        return (script, script.GetCompilation().Emit(pe, pdb), pe, pdb);
    }

    private static Diagnostic Map(Microsoft.CodeAnalysis.Diagnostic d, int fallbackCell)
    {
        var span = d.Location.GetMappedLineSpan();
        int cell = fallbackCell;
        if (span.HasMappedPath && span.Path.StartsWith("cell-", StringComparison.Ordinal)
            && int.TryParse(span.Path.AsSpan(5), out int parsed))
            cell = parsed;
        bool located = d.Location.IsInSource;
        return new Diagnostic(cell, located ? span.StartLinePosition.Line + 1 : 0, located ? span.StartLinePosition.Character + 1 : 0,
            d.Severity == DiagnosticSeverity.Error, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Resolves each submission's reference to the earlier submissions by name; everything else falls back
    /// to the worker's own context (so the contract's types are the worker's types).</summary>
    private sealed class SubmissionLoadContext() : AssemblyLoadContext("notebook", isCollectible: true)
    {
        private readonly Dictionary<string, Assembly> byName = new(StringComparer.Ordinal);

        public Assembly Add(Stream pe, Stream pdb)
        {
            var assembly = LoadFromStream(pe, pdb);
            byName[assembly.GetName().Name!] = assembly;
            return assembly;
        }

        protected override Assembly? Load(AssemblyName name) =>
            name.Name is not null && byName.TryGetValue(name.Name, out var a) ? a : null;
    }
}
