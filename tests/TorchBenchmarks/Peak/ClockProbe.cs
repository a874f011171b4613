using System.Runtime.CompilerServices;

namespace Course.TorchBenchmarks;

/// <summary>
/// The core clock while busy, measured rather than read: /proc/cpuinfo shows the nominal TSC rate, and perf's cycle
/// counter is not available in this VM.
/// </summary>
/// <remarks>
/// A chain of dependent 64-bit integer adds retires one add per cycle on every x86 core since the Pentium 4, so adds per
/// second is cycles per second. The step is not a constant, so the JIT cannot fold the chain; the loop counter runs
/// on another ALU beside it and costs no cycles of the chain.
/// </remarks>
internal static class ClockProbe
{
    public const int AddsPerIteration = 64;

    public static double Hertz() => ProbeTiming.IterationsPerSecond(iterations => AddChain(iterations, Environment.ProcessorCount | 1)) * AddsPerIteration;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long AddChain(long iterations, long step)
    {
        long x = 0;
        for (long i = 0; i < iterations; i++)
        {
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
            x += step; x += step; x += step; x += step; x += step; x += step; x += step; x += step;
        }
        return x;
    }
}
