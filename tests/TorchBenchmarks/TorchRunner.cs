using System.Diagnostics;
using System.Text.Json;

namespace Course.TorchBenchmarks;

/// <summary>One row PyTorch timed: its shape (checked against ours) and median seconds per call.</summary>
internal sealed record TorchRow(string Shape, double MedianSeconds);

/// <summary>What torch_bench.py reported for one thread count.</summary>
internal sealed record TorchReport(string Version, string Package, string Blas, int Threads, IReadOnlyDictionary<string, TorchRow> Rows);

/// <summary>
/// Runs torch_bench.py under Debian's Python (the one with python3-torch) in a process of its own, with the thread
/// count in its environment before torch loads: OpenBLAS sizes its pool on load and ignores torch.set_num_threads.
/// </summary>
internal static class TorchRunner
{
    public const string Python = "/usr/bin/python3";

    public static TorchReport Run(int threads, int samples)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { RepositoryPaths.TorchScript, "--threads", $"{threads}", "--mnist", RepositoryPaths.Mnist, "--samples", $"{samples}" },
        };
        foreach (string name in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" })
            start.Environment[name] = $"{threads}";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"torch_bench.py failed (exit {process.ExitCode}):\n{errors.Result}");
        return Parse(output);
    }

    private static TorchReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var rows = root.GetProperty("rows").EnumerateObject().ToDictionary(
            row => row.Name,
            row => new TorchRow(row.Value.GetProperty("shape").GetString()!, row.Value.GetProperty("median_seconds").GetDouble()));
        return new TorchReport(root.GetProperty("torch").GetString()!, root.GetProperty("package").GetString()!, root.GetProperty("blas").GetString()!,
            root.GetProperty("threads").GetInt32(), rows);
    }
}
