namespace Course.Grader.Notebooks;

/// <summary>
/// What the grader accepts, documented in the README. The limits keep a broken or hostile file from costing
/// minutes of a batch: outputs are never graded, so a big file is only parsed, but every code cell is compiled.
/// </summary>
public static class NotebookLimits
{
    /// <summary>A notebook with a few charts is a few MB; a 50 MB output blob still fits.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    /// <summary>Every code cell costs a compilation (25–120 ms); the homework has a few dozen.</summary>
    public const int MaxCodeCells = 2000;

    /// <summary>Real notebooks nest about 6 levels; deeper JSON is an attack on the parser, not a notebook.</summary>
    public const int MaxDepth = 256;
}
