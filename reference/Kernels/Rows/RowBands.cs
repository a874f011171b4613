using Course.Kernels;

namespace Course.Reference.Kernels;

/// <summary>
/// Runs a row-wise kernel over bands of consecutive rows on <see cref="KernelThreads.Count"/> threads (benchmarks
/// only; grading uses one). Rows are independent, so the result is the same bits as one pass over all rows.
/// </summary>
internal static class RowBands
{
    /// <summary>Elements below which a second thread's start-up (a few microseconds) outweighs its share.</summary>
    private const long MinimumElementsPerThread = 1 << 15;

    /// <summary>How many bands <paramref name="rows"/> rows of <paramref name="columns"/> are worth splitting into.</summary>
    public static int Count(int rows, int columns) => KernelThreads.For((long)rows * columns, MinimumElementsPerThread, rows);

    /// <summary>
    /// Calls <paramref name="band"/>(band index, first row, row count) for each of <paramref name="bands"/> bands, in
    /// parallel; callers run a single band themselves, so one thread costs no delegate.
    /// </summary>
    public static void Run(int rows, int bands, Action<int, int, int> band) =>
        KernelParallel.For(bands, index =>
        {
            int first = (int)((long)rows * index / bands), end = (int)((long)rows * (index + 1) / bands);
            band(index, first, end - first);
        });
}
