using Course.Grader.Protocol;
using Course.Worker;
using Course.Worker.Gate;

namespace Course.Tests.Gate;

/// <summary>Cells compiled the way the worker compiles them for grading (one script submission each, the gate
/// after each emit), in this process: nothing here runs the cells' code.</summary>
internal static class GateCases
{
    public static LoadResult Compile(params string[] cells) => Compile(Allowlist.Standard, cells);

    public static LoadResult Compile(Allowlist policy, params string[] cells) =>
        new CellCompiler(policy).Compile(cells.Select((code, i) => new SourceCell(i + 1, code)).ToList());

    public static IEnumerable<Diagnostic> GateErrors(this LoadResult result) =>
        result.Diagnostics.Where(d => d.Id.StartsWith("GATE", StringComparison.Ordinal));

    /// <summary>What a person reads: "cell 1, line 2: …".</summary>
    public static string Describe(this LoadResult result) =>
        string.Join("\n", result.Diagnostics.Select(d => $"{d.Where}: {d.Id} {d.Message}"));
}
