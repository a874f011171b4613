namespace Course.Kernels;

/// <summary>How many threads the course's kernels may use; 1 unless a benchmark or test opts in.</summary>
/// <remarks>
/// Process-wide, and 1 by default because grading times one core: the reference and the student's code must run
/// single-threaded for the speed ratio to mean anything. The setter is internal so that graded code, which may call
/// the course library, cannot raise it; the benchmarks and tests reach it through InternalsVisibleTo. Splitting a
/// kernel never changes its results: work is divided over outputs, never over a sum.
/// </remarks>
public static class KernelThreads
{
    private static int count = 1;

    public static int Count
    {
        get => Volatile.Read(ref count);
        internal set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref count, value);
        }
    }

    /// <summary>
    /// The threads worth using for <paramref name="work"/> units split into at most <paramref name="parts"/>
    /// pieces, when a piece below <paramref name="minimumWorkPerThread"/> would cost more to hand over than it saves.
    /// </summary>
    internal static int For(long work, long minimumWorkPerThread, int parts)
    {
        int threads = Count;
        if (threads == 1) return 1;
        long worthwhile = Math.Max(1, work / Math.Max(1, minimumWorkPerThread));
        return (int)Math.Max(1, Math.Min(Math.Min(threads, parts), worthwhile));
    }
}
