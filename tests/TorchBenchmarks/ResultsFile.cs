using System.Text;

namespace Course.TorchBenchmarks;

/// <summary>results.md: the table with the date, the machine, the software on both sides and the command.</summary>
internal static class ResultsFile
{
    public const string Command = "dotnet run -c Release --project tests/TorchBenchmarks";

    public static string Compose(IReadOnlyList<ResultRow> rows, PeakFlops peak, TorchReport torch, bool quick, string loadBefore)
    {
        var text = new StringBuilder();
        text.AppendLine("# Reference kernels against PyTorch, float32");
        text.AppendLine();
        text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `{Command}`{(quick ? " -- --quick" : "")} (generated; do not edit by hand).");
        text.AppendLine();
        text.AppendLine($"- machine: {MachineInfo.Cpu} ({MachineInfo.CpuFamily}), {MachineInfo.Cores} logical cores");
        text.AppendLine($"- OS: {MachineInfo.OperatingSystem}");
        text.AppendLine($"- load average (1 min) before the run {loadBefore}, after {MachineInfo.LoadAverage}");
        text.AppendLine($"- ours: {MachineInfo.DotNet}, GEMM tile {Kernels.Gemm.KernelName<float>()}, BenchmarkDotNet in-process, median of {(quick ? 5 : 15)} iterations; " +
                        "two threads = `KernelThreads.Count = 2` (GEMM split into bands of C, " +
                        "optimizer loop into chunks, softmax cross-entropy into bands of rows; ReLU, column sums and copies stay on one thread)");
        text.AppendLine($"- PyTorch: {torch.Version} (Debian package python3-torch {torch.Package}), out of process, BLAS loaded: {torch.Blas}; " +
                        "OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = MKL_NUM_THREADS = threads and torch.set_num_threads(threads); " +
                        $"median of {(quick ? 5 : 15)} samples of ≥ 20 ms after 1 s of warm-up");
        text.AppendLine();
        text.AppendLine("## FP32 peak");
        text.AppendLine();
        foreach (string line in peak.Explanation()) text.AppendLine($"- {line}");
        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        text.Append(ResultsTable.Markdown(rows));
        text.AppendLine();
        text.AppendLine("Targets: GEMM ≥ 70 % of the one-core peak; every other row ≤ 1.0× PyTorch's time. Missed in this run:");
        text.AppendLine();
        var misses = rows.Where(r => r.Miss is not null).ToList();
        if (misses.Count == 0) text.AppendLine("- none");
        foreach (var row in misses) text.AppendLine($"- {row.Spec.Label} {row.Spec.Shape}, {row.Threads} thread{(row.Threads > 1 ? "s" : "")}: {row.Miss}");
        text.AppendLine();
        text.AppendLine("What the rows do on both sides, and why the misses happen, is in [README.md](README.md).");
        return text.ToString();
    }
}
