using System.Diagnostics;

namespace Course.Benchmarks;

/// <summary>Wall-clock timing with warm-up and medians, as the course's performance notes prescribe.</summary>
internal static class Timing
{
    /// <summary>
    /// Runs every action in turn until <paramref name="duration"/> has passed: generic code starts at tier 0 and
    /// runs several times slower for the first ~100 ms, and interleaving warms all candidates alike.
    /// </summary>
    public static void WarmUp(TimeSpan duration, params Action[] actions)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
            foreach (var action in actions) action();
    }

    /// <summary>Seconds one call takes.</summary>
    public static double Seconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Medians in milliseconds of two actions timed side by side, interleaved rep by rep after a shared warm-up.</summary>
    public static (double ReferenceMs, double OtherMs) SideBySide(int reps, Action reference, Action other)
    {
        WarmUp(TimeSpan.FromSeconds(1), reference, other);
        List<double> referenceTimes = [], otherTimes = [];
        for (int rep = 0; rep < reps; rep++)
        {
            referenceTimes.Add(Seconds(reference));
            otherTimes.Add(Seconds(other));
        }
        return (Median(referenceTimes) * 1e3, Median(otherTimes) * 1e3);
    }
}
