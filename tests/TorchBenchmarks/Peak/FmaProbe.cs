using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Course.TorchBenchmarks;

/// <summary>
/// Vector FMA instructions per second on the widest accelerated vector: sixteen independent chains, more than latency ×
/// issue width on any current core, so the FMA pipes and not the dependencies set the pace.
/// </summary>
internal static class FmaProbe
{
    public const int FmasPerIteration = 16;

    /// <summary>Float lanes of one FMA: Vector512 where accelerated (on Zen 4 it is issued as two 256-bit halves), else Vector256.</summary>
    public static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    public static double PerSecond() =>
        ProbeTiming.IterationsPerSecond(Vector512.IsHardwareAccelerated ? Chains512 : Chains256) * FmasPerIteration;

    /// <summary>The same on <paramref name="threads"/> threads at once: their summed rate.</summary>
    public static double PerSecondOn(int threads)
    {
        // Dedicated threads: Parallel.For may run both probes one after the other on the calling thread.
        var rates = new double[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => rates[t] = PerSecond())).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return rates.Sum();
    }

    // The factor and addend keep every chain at a finite fixed point: no overflow, no denormals.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chains512(long iterations)
    {
        Vector512<float> f = Vector512.Create(0.999f), add = Vector512.Create(1e-3f);
        Vector512<float> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        Vector512<float> a8 = f, a9 = f, a10 = f, a11 = f, a12 = f, a13 = f, a14 = f, a15 = f;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, f, add); a1 = Vector512.FusedMultiplyAdd(a1, f, add);
            a2 = Vector512.FusedMultiplyAdd(a2, f, add); a3 = Vector512.FusedMultiplyAdd(a3, f, add);
            a4 = Vector512.FusedMultiplyAdd(a4, f, add); a5 = Vector512.FusedMultiplyAdd(a5, f, add);
            a6 = Vector512.FusedMultiplyAdd(a6, f, add); a7 = Vector512.FusedMultiplyAdd(a7, f, add);
            a8 = Vector512.FusedMultiplyAdd(a8, f, add); a9 = Vector512.FusedMultiplyAdd(a9, f, add);
            a10 = Vector512.FusedMultiplyAdd(a10, f, add); a11 = Vector512.FusedMultiplyAdd(a11, f, add);
            a12 = Vector512.FusedMultiplyAdd(a12, f, add); a13 = Vector512.FusedMultiplyAdd(a13, f, add);
            a14 = Vector512.FusedMultiplyAdd(a14, f, add); a15 = Vector512.FusedMultiplyAdd(a15, f, add);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return (long)Vector512.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chains256(long iterations)
    {
        Vector256<float> f = Vector256.Create(0.999f), add = Vector256.Create(1e-3f);
        Vector256<float> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        Vector256<float> a8 = f, a9 = f, a10 = f, a11 = f, a12 = f, a13 = f, a14 = f, a15 = f;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, f, add); a1 = Vector256.FusedMultiplyAdd(a1, f, add);
            a2 = Vector256.FusedMultiplyAdd(a2, f, add); a3 = Vector256.FusedMultiplyAdd(a3, f, add);
            a4 = Vector256.FusedMultiplyAdd(a4, f, add); a5 = Vector256.FusedMultiplyAdd(a5, f, add);
            a6 = Vector256.FusedMultiplyAdd(a6, f, add); a7 = Vector256.FusedMultiplyAdd(a7, f, add);
            a8 = Vector256.FusedMultiplyAdd(a8, f, add); a9 = Vector256.FusedMultiplyAdd(a9, f, add);
            a10 = Vector256.FusedMultiplyAdd(a10, f, add); a11 = Vector256.FusedMultiplyAdd(a11, f, add);
            a12 = Vector256.FusedMultiplyAdd(a12, f, add); a13 = Vector256.FusedMultiplyAdd(a13, f, add);
            a14 = Vector256.FusedMultiplyAdd(a14, f, add); a15 = Vector256.FusedMultiplyAdd(a15, f, add);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return (long)Vector256.Sum(sum);
    }
}
