using Course.TorchBenchmarks;

// Our kernels and PyTorch, side by side, on one and two threads; prints one table and writes results.md.
// --quick: fewer iterations and samples, for a trial run; results.md is then left alone.
// --only GLOB: only our benchmarks matching GLOB (e.g. *Linear*), medians printed, no PyTorch, no peak: for tuning.
bool quick = args.Contains("--quick");
string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
int[] threadCounts = [1, 2];
string logPath = Path.Combine(Path.GetTempPath(), "course-torch-benchmarks", "benchmarkdotnet.log");
Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);

if (only is not null)
{
    foreach (var ((key, threads), seconds) in OurTimings.Run(quick, logPath, only))
        Console.WriteLine($"{key}, {threads} thread(s): {ResultsTable.Time(seconds)}");
    return;
}

string loadBefore = MachineInfo.LoadAverage;
Console.WriteLine($"{MachineInfo.Cpu}, {MachineInfo.Cores} logical cores, {MachineInfo.DotNet}, load average {loadBefore}");
Console.WriteLine("measuring the FP32 peak…");
var peak = PeakFlops.Measure();
foreach (string line in peak.Explanation()) Console.WriteLine($"  {line}");

var torch = threadCounts.ToDictionary(t => t, t =>
{
    Console.WriteLine($"PyTorch, {t} thread(s)…");
    return TorchRunner.Run(t, quick ? 5 : 15);
});
Console.WriteLine($"ours under BenchmarkDotNet (log: {logPath})…");
var ours = OurTimings.Run(quick, logPath);

int images = MlpEpochBenchmark.LoadImages().Count;
var rows = new List<ResultRow>();
foreach (var spec in RowCatalog.All(images))
    foreach (int threads in threadCounts)
    {
        var theirs = torch[threads].Rows[spec.Key];
        if (theirs.Shape != spec.Shape)
            throw new InvalidOperationException($"{spec.Key}: PyTorch ran shape {theirs.Shape}, ours {spec.Shape}; torch_bench.py and Shapes.cs disagree.");
        rows.Add(new ResultRow(spec, threads, ours[(spec.Key, threads)], theirs.MedianSeconds, peak.Gflops(threads)));
    }

Console.WriteLine();
Console.Write(ResultsTable.Markdown(rows));
string results = ResultsFile.Compose(rows, peak, torch[1], quick, loadBefore);
if (quick)
{
    Console.WriteLine("(--quick: results.md not written)");
}
else
{
    File.WriteAllText(RepositoryPaths.Results, results);
    Console.WriteLine($"written {RepositoryPaths.Results}");
}
