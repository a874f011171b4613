using System.Diagnostics;

namespace Course.TorchBenchmarks;

/// <summary>Times a probe loop for long enough to swamp timer resolution and frequency ramps, as a median of runs.</summary>
internal static class ProbeTiming
{
    private static readonly TimeSpan MinimumRun = TimeSpan.FromSeconds(0.25);

    /// <summary>
    /// Median over <paramref name="runs"/> of <paramref name="iterations"/>-per-second of <paramref name="probe"/>
    /// (which runs the given iteration count), each run lasting at least 0.25 s.
    /// </summary>
    public static double IterationsPerSecond(Func<long, long> probe, int runs = 5)
    {
        long iterations = 1 << 16;
        while (Seconds(probe, iterations) < MinimumRun.TotalSeconds / 4) iterations *= 2;
        iterations *= 4;
        var rates = Enumerable.Range(0, runs).Select(_ => iterations / Seconds(probe, iterations)).Order().ToArray();
        return rates[rates.Length / 2];
    }

    private static double Seconds(Func<long, long> probe, long iterations)
    {
        long start = Stopwatch.GetTimestamp();
        GC.KeepAlive(probe(iterations));
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
