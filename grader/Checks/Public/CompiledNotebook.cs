using Course.Grader.Pipeline;
using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Grader.Checks.Public;

/// <summary>
/// A notebook compiled in its worker: which cells failed (intake problems or compile errors) and why, so that a
/// unit whose cell does not compile is reported with the cell and line of the first error.
/// </summary>
public sealed class CompiledNotebook
{
    private readonly IntakeResult intake;
    private readonly List<Diagnostic> diagnostics;
    private readonly HashSet<int> failedCells;
    private readonly string? loadFailure;

    private CompiledNotebook(IntakeResult intake, LoadResult? loaded, string? loadFailure)
    {
        this.intake = intake;
        this.loadFailure = loadFailure;
        diagnostics = intake.Problems.Concat(loaded?.Diagnostics ?? []).ToList();
        failedCells = new HashSet<int>(intake.Problems.Select(p => p.Cell).Concat(loaded?.FailedCells ?? []));
    }

    public static CompiledNotebook Compile(WorkerSession student, IntakeResult intake)
    {
        try { return new CompiledNotebook(intake, student.Start(), null); }
        catch (WorkerFailedException e) { return new CompiledNotebook(intake, null, $"the notebook could not be compiled: {e.Message}"); }
    }

    /// <summary>Cells that fail to compile outside the graded units: not checked themselves, but a unit using them fails.</summary>
    public IEnumerable<string> Warnings =>
        failedCells.Where(c => !intake.UnitCells.Values.Contains(c)).Order()
            .Select(c => $"cell {c} does not compile ({FirstError(c)}); units that use it fail too");

    /// <summary>Why <paramref name="unit"/> cannot be checked at all, or null when its cell compiled.</summary>
    public string? FailureOf(string unit) =>
        loadFailure ?? (intake.UnitCells.TryGetValue(unit, out int cell) && failedCells.Contains(cell)
            ? $"cell {cell} does not compile: {FirstError(cell)}"
            : null);

    private string FirstError(int cell)
    {
        var d = diagnostics.FirstOrDefault(d => d.Cell == cell && d.IsError);
        return d is null ? "no details" : $"line {d.Line}: {(d.Id == "DIRECTIVE" ? "" : $"error {d.Id}: ")}{d.Message}";
    }
}
