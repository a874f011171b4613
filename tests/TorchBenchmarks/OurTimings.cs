using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Course.TorchBenchmarks;

/// <summary>Runs our side under BenchmarkDotNet and returns each row's median seconds by (key, threads).</summary>
internal static class OurTimings
{
    private static readonly Type[] Benchmarks =
        [typeof(GemmBenchmark), typeof(LinearBenchmark), typeof(CrossEntropyBenchmark), typeof(OptimizerBenchmark), typeof(MlpEpochBenchmark)];

    public static Dictionary<(string Key, int Threads), double> Run(bool quick, string logPath, string? only = null)
    {
        var medians = new Dictionary<(string, int), double>();
        foreach (var summary in BenchmarkRunner.Run(Benchmarks, BenchmarkConfig.Create(quick, logPath, only)))
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } statistics)
                    throw new InvalidOperationException($"{report.BenchmarkCase.DisplayInfo} produced no result; see {logPath}");
                medians[(Key(report), (int)report.BenchmarkCase.Parameters["Threads"])] = statistics.Median / 1e9;
            }
        return medians;
    }

    /// <summary>The method's name in snake case, then every parameter but the thread count: Gemm, N = 256 → gemm_256.</summary>
    private static string Key(BenchmarkReport report)
    {
        string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
        string snake = string.Concat(method.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
        var others = report.BenchmarkCase.Parameters.Items.Where(p => p.Name != "Threads").Select(p => $"{p.Value}");
        return string.Join("_", others.Prepend(snake));
    }
}
