namespace Course.TorchBenchmarks;

/// <summary>
/// The machine's FP32 peak as cores × clock × FMA units × SIMD lanes × 2, every factor but the core count measured
/// here, plus the FMA rate two threads actually reach (two vCPUs may share one physical core).
/// </summary>
internal sealed record PeakFlops(double ClockHz, double FmasPerSecond, int FmaUnits, int Lanes, double TwoThreadFlops)
{
    public static PeakFlops Measure()
    {
        double clock = ClockProbe.Hertz();
        double fmas = FmaProbe.PerSecond();
        int units = Math.Max(1, (int)Math.Round(fmas / clock));
        double twoThreads = FmaProbe.PerSecondOn(2) * FmaProbe.Lanes * 2;
        return new PeakFlops(clock, fmas, units, FmaProbe.Lanes, twoThreads);
    }

    public double Gflops(int cores) => cores * ClockHz * FmaUnits * Lanes * 2 / 1e9;

    public IEnumerable<string> Explanation()
    {
        yield return $"clock {ClockHz / 1e9:F2} GHz: a chain of {ClockProbe.AddsPerIteration}-per-iteration dependent 64-bit integer adds " +
                     "(1 cycle each), ≥ 0.25 s per run, median of 5 runs";
        yield return $"FMA units {FmaUnits}: 16 independent {Lanes}-lane float FMA chains ran {FmasPerSecond / 1e9:F2} G FMA instructions/s " +
                     $"= {FmasPerSecond / ClockHz:F2} per cycle, rounded";
        yield return $"lanes {Lanes}: Vector{Lanes * 32}<float>.Count";
        foreach (int cores in new[] { 1, 2 })
            yield return $"peak, {cores} core{(cores > 1 ? "s" : "")}: {cores} × {ClockHz / 1e9:F2} GHz × {FmaUnits} × {Lanes} × 2 = {Gflops(cores):F1} GFLOPS";
        yield return $"check: the FMA chains on 2 threads at once reached {TwoThreadFlops / 1e9:F1} GFLOPS";
    }
}
