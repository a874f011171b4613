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
/// <param name="policy">The static gate's rules; null only where a test studies the sandbox without the gate.</param>
public sealed class CellCompiler(Gate.Allowlist? policy)
{
    private readonly Gate.CodeGate? gate = policy is null ? null : new(policy);

    // Polyglot's C# kernel imports these; matching them keeps code behaving the same.
    // The last, a type, acts as `using static`: display(), HTML(), CSS(), Javascript() unqualified, as in Polyglot.
    private static readonly string[] Imports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq",
         "Microsoft.DotNet.Interactive.Kernel"];

    // Roslyn's reference-unification notes, nullable annotations outside a nullable context (notebook kernels never
    // enable one), and fields declared but not yet used (every released skeleton has them until its stubs are
    // written): none is a problem in the student's code.
    private static readonly HashSet<string> IgnoredIds = ["CS1701", "CS1702", "CS1705", "CS8632", "CS0169", "CS0414"];

    private readonly SubmissionLoadContext context = new();

    public List<Assembly> Submissions { get; } = [];

    /// <summary>How notebook code is compiled, for grading and for running alike. <c>#load</c> finds files only
    /// below <paramref name="notebookDirectory"/> when it is given (the grader has resolved the paths already).</summary>
    public static ScriptOptions Options(string? notebookDirectory = null) => ScriptOptions.Default
        .WithReferences(References.ForNotebooks())
        .WithImports(Imports)
        .WithSourceResolver(new Running.NotebookSourceResolver(notebookDirectory))
        .WithMetadataResolver(new Running.NoMetadataResolver())
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithAllowUnsafe(false);

    /// <summary>
    /// The code handed to Roslyn for a cell: a #line directive makes every location read "cell-N". Roslyn accepts
    /// <c>#load</c> only before any code, a notebook anywhere in a cell: load lines move above the #line directive
    /// and leave an empty line behind, so line numbers stay.
    /// </summary>
    public static string Source(SourceCell cell)
    {
        if (!cell.Code.Contains("#load", StringComparison.Ordinal)) return $"#line 1 \"cell-{cell.Index}\"\n{cell.Code}";
        var loads = new StringBuilder();
        var lines = cell.Code.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("#load", StringComparison.Ordinal)) continue;
            loads.Append(lines[i].Trim()).Append('\n');
            lines[i] = "";
        }
        return $"{loads}#line 1 \"cell-{cell.Index}\"\n{string.Join('\n', lines)}";
    }

    public static Diagnostic Describe(Microsoft.CodeAnalysis.Diagnostic d, int fallbackCell, string? notebookDirectory = null) =>
        Map(d, fallbackCell, notebookDirectory);

    private static string LoadedFileName(string path, string? notebookDirectory) =>
        notebookDirectory is not null && path.StartsWith(Path.TrimEndingDirectorySeparator(notebookDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(notebookDirectory, path)
            : Path.GetFileName(path);

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
            // The gate judges the cell before its assembly is loaded: a cell that fails it never runs.
            bool compiled = !hasErrors && emitted.Success;
            foreach (var d in gate?.Check(script.GetCompilation(), compiled ? pe : null) ?? [])
            {
                hasErrors = true;
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

    private static Diagnostic Map(Microsoft.CodeAnalysis.Diagnostic d, int fallbackCell, string? notebookDirectory = null)
    {
        var span = d.Location.GetMappedLineSpan();
        int cell = fallbackCell;
        string? file = null;
        if (span.HasMappedPath && span.Path.StartsWith("cell-", StringComparison.Ordinal)
            && int.TryParse(span.Path.AsSpan(5), out int parsed))
            cell = parsed;
        else if (d.Location.IsInSource && Path.IsPathRooted(span.Path))
            file = LoadedFileName(span.Path, notebookDirectory); // an error inside a #load-ed file
        bool located = d.Location.IsInSource;
        return new Diagnostic(cell, located ? span.StartLinePosition.Line + 1 : 0, located ? span.StartLinePosition.Character + 1 : 0,
            d.Severity == DiagnosticSeverity.Error, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), file);
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
