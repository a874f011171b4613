using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Course.TorchBenchmarks;

/// <summary>
/// In-process (no generated project, works offline, starts fast), a few 100 ms warm-ups, then 15 iterations whose
/// median is reported; a full run of every row on one and two threads takes a few minutes.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create(bool quick, string logPath, string? only)
    {
        var config = Create(quick, logPath);
        return only is null ? config : config.AddFilter(new GlobFilter([only]));
    }

    private static ManualConfig Create(bool quick, string logPath) => ManualConfig.CreateEmpty()
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 3 : 6)
            .WithIterationCount(quick ? 5 : 15)
            .WithIterationTime(TimeInterval.FromMilliseconds(100)))
        .AddColumnProvider(DefaultColumnProviders.Instance)
        // BenchmarkDotNet's own log is long; it goes to a file, and the console gets the one combined table.
        .AddLogger(new StreamLogger(logPath))
        .WithArtifactsPath(Path.GetDirectoryName(logPath)!)
        .WithOptions(ConfigOptions.DisableLogFile);
}
