using System.Text;
using Course.Grader.Notebooks;

namespace Course.Benchmarks;

/// <summary>
/// Notebook reading and writing (dotnet run -c Release --project tests/Benchmarks -- notebooks): how long intake of
/// the master notebook, a 50 MB output blob and a 10,000-cell file takes, so that a batch's cost is known.
/// </summary>
internal static class NotebookIo
{
    public static void Run(string master)
    {
        string dir = Path.Combine(Path.GetTempPath(), "nb-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string blob = Path.Combine(dir, "blob.ipynb");
            File.WriteAllText(blob, NotebookText("{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {}, \"source\": \"var x = 1;\", \"execution_count\": 1, " +
                                             $"\"outputs\": [{{\"output_type\": \"display_data\", \"metadata\": {{}}, \"data\": {{\"image/png\": \"{new string('A', 50 << 20)}\"}}}}]}}"));
            string many = Path.Combine(dir, "many.ipynb");
            File.WriteAllText(many, NotebookText(string.Join(", ", Enumerable.Repeat("{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"1\", \"outputs\": []}", 10_000))));

            Console.WriteLine($"notebook I/O, median of the reps after 0.5 s of warm-up ({Environment.ProcessorCount} logical CPUs)");
            Measure("master: Load", master, 20, () => Course.Grader.Notebooks.Notebook.Load(master));
            var loaded = Course.Grader.Notebooks.Notebook.Load(master);
            Measure("master: ToJson (byte-identical)", master, 20, () => loaded.ToJson());
            Measure("50 MB output blob: Load", blob, 5, () => Course.Grader.Notebooks.Notebook.Load(blob));
            var big = Course.Grader.Notebooks.Notebook.Load(blob);
            Measure("50 MB output blob: ToJson", blob, 5, () => big.ToJson());
            Measure("10,000 cells: refused", many, 5, () => { try { Course.Grader.Notebooks.Notebook.Load(many); } catch (NotebookException) { } });
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string NotebookText(string cells) =>
        "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [" + cells + "]}";

    private static void Measure(string label, string path, int reps, Action action)
    {
        Timing.WarmUp(TimeSpan.FromMilliseconds(500), action);
        var times = Enumerable.Range(0, reps).Select(_ => Timing.Seconds(action)).ToList();
        double seconds = Timing.Median(times);
        double megabytes = new FileInfo(path).Length / 1e6;
        Console.WriteLine($"  {label,-34} {seconds * 1000,9:F1} ms  {megabytes / seconds,7:F0} MB/s  ({megabytes:F1} MB, {reps} reps)");
    }
}
