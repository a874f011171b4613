using System.Globalization;
using System.Text;

namespace Course.TorchBenchmarks;

/// <summary>One measured row: our median and PyTorch's for the same workload and thread count.</summary>
internal sealed record ResultRow(RowSpec Spec, int Threads, double OursSeconds, double TorchSeconds, double PeakGflops)
{
    public double Ratio => OursSeconds / TorchSeconds;

    public double? OursGflops => Spec.Flops / OursSeconds / 1e9;

    public double? TorchGflops => Spec.Flops / TorchSeconds / 1e9;

    /// <summary>Below target: GEMM under 70 % of the one-core peak, any other row slower than PyTorch.</summary>
    public string? Miss => Spec.Flops is null
        ? Ratio > 1.0 ? $"{Ratio:F2}× PyTorch's time (target ≤ 1.0×)" : null
        : Threads == 1 && OursGflops / PeakGflops < 0.70 ? $"{OursGflops / PeakGflops:P0} of the one-core peak (target ≥ 70 %)" : null;
}

/// <summary>The side-by-side table as Markdown, which reads as well on a terminal as in the repository.</summary>
internal static class ResultsTable
{
    public static string Markdown(IEnumerable<ResultRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| row | shape | threads | ours (median) | PyTorch (median) | ours / PyTorch | GFLOPS ours / PyTorch | % of peak, ours / PyTorch |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            string gflops = row.OursGflops is { } ours ? $"{ours:F1} / {row.TorchGflops:F1}" : "";
            string peak = row.OursGflops is { } o ? $"{o / row.PeakGflops:P0} / {row.TorchGflops / row.PeakGflops:P0}" : "";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Spec.Label} | {row.Spec.Shape} | {row.Threads} | {Time(row.OursSeconds)} | {Time(row.TorchSeconds)} | {row.Ratio:F2}× | {gflops} | {peak} |"));
        }
        return text.ToString();
    }

    public static string Time(double seconds) => seconds switch
    {
        < 1e-3 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:F1} µs"),
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e3:F2} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s"),
    };
}
