using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.Grader.Workers;

namespace Course.Grader.Pipeline;

/// <summary>
/// A notebook compiled in its worker: which cells failed (intake problems or compile errors) and why, so that a
/// unit whose cell does not compile is reported with the cell and line of the first error.
/// </summary>
public sealed class CompiledNotebook
{
    private readonly Submission submission;
    private readonly List<Diagnostic> diagnostics;
    private readonly HashSet<int> failedCells;
    private readonly string? loadFailure;

    private CompiledNotebook(Submission submission, LoadResult? loaded, string? loadFailure)
    {
        this.submission = submission;
        var intake = submission.Intake;
        this.loadFailure = loadFailure;
        diagnostics = intake.Problems.Concat(loaded?.Diagnostics ?? []).ToList();
        failedCells = new HashSet<int>(intake.Problems.Select(p => p.Cell).Concat(loaded?.FailedCells ?? []));
    }

    public static CompiledNotebook Compile(WorkerSession student, Submission submission)
    {
        try { return new CompiledNotebook(submission, student.Start(), null); }
        catch (WorkerFailedException e) { return new CompiledNotebook(submission, null, $"the notebook could not be compiled: {e.Message}"); }
    }

    /// <summary>Cells that fail to compile outside the graded units: not checked themselves, but a unit using them fails.</summary>
    public IEnumerable<string> Warnings =>
        diagnostics.Where(d => !d.IsError && !failedCells.Contains(d.Cell)).Take(20)
            .Select(d => $"cell {d.Cell}, line {d.Line}: warning {d.Id}: {d.Message}")
            .Concat(failedCells.Where(c => !submission.Reconciled.UnitCells.Values.Contains(c)).Order()
                .Select(c => $"cell {c} does not compile ({FirstError(c)}); units that use it fail too"));

    /// <summary>Why <paramref name="unit"/> cannot be checked at all, or null when its cell compiled.</summary>
    public string? FailureOf(UnitDefinition unit) =>
        loadFailure
        ?? submission.MissingMessage(unit)
        ?? (submission.CellOf(unit.Id) is var cell and > 0 && failedCells.Contains(cell) ? $"cell {cell} does not compile: {FirstError(cell)}" : null);

    private string FirstError(int cell)
    {
        var d = diagnostics.FirstOrDefault(d => d.Cell == cell && d.IsError);
        return d is null ? "no details" : $"line {d.Line}: {(d.Id == "DIRECTIVE" ? "" : $"error {d.Id}: ")}{d.Message}";
    }
}
