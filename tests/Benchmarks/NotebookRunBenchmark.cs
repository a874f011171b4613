using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grader.Pipeline;

namespace Course.Benchmarks;

/// <summary>
/// The cost of `run` beyond the cells' own work: a generated 30-cell notebook (declarations, loops of about 50 ms,
/// prints, displays, one chart) is run cold — a new worker process each time, through the same NotebookRunner the CLI
/// uses — and the wall time is compared with the sum of the cells' run times as the worker measured them.
/// The budget is 3 s of overhead.
/// </summary>
public static class NotebookRunBenchmark
{
    private const double BudgetSeconds = 3.0;

    public static int Run(int runs)
    {
        string folder = Path.Combine(Path.GetTempPath(), "course-notebook-run-benchmark");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "thirty-cells.ipynb");
        File.WriteAllText(path, Notebook(Cells()).ToJsonString());
        Console.WriteLine($"`run` of a generated {Cells().Count}-cell notebook, cold (a new worker per run), {runs} runs, {Environment.ProcessorCount} logical CPUs" +
                          (File.Exists("/proc/loadavg") ? $", load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : ""));
        Console.WriteLine("wall = NotebookRunner.Run end to end; cells = sum of the cells' own run times measured in the worker;");
        Console.WriteLine("first = time until the first cell's outputs arrived (worker start + Roslyn's cold first compile + cell 1);");
        Console.WriteLine("compile = the cells' compile times (in the background, overlapping the runs); waited = time the runs waited for it");
        Console.WriteLine();
        Console.WriteLine(" run |  wall s | cells s | overhead s | first s | compile s | waited s | errors");
        Console.WriteLine("-----|---------|---------|------------|---------|-----------|----------|-------");
        var overheads = new List<double>();
        var walls = new List<double>();
        var sums = new List<double>();
        for (int run = 1; run <= runs; run++)
        {
            double first = 0;
            var clock = Stopwatch.StartNew();
            var report = NotebookRunner.Run(path, TimeSpan.FromSeconds(60), _ => { if (first == 0) first = clock.Elapsed.TotalSeconds; });
            double wall = clock.Elapsed.TotalSeconds;
            double cells = report.Outputs.Sum(o => o.Seconds);
            int errors = report.Outputs.Count(o => o.Error is not null);
            foreach (var failed in report.Outputs.Where(o => o.Error is not null)) Console.WriteLine($"      cell {failed.Cell}: {failed.ErrorMessage}");
            overheads.Add(wall - cells);
            walls.Add(wall);
            sums.Add(cells);
            double compile = report.Outputs.Sum(o => o.CompileSeconds), waited = report.Outputs.Sum(o => o.WaitSeconds);
            Console.WriteLine($"{run,4} | {wall,7:F2} | {cells,7:F2} | {wall - cells,10:F2} | {first,7:F2} | {compile,9:F2} | {waited,8:F2} | {errors}");
        }
        double median = Median(overheads);
        Console.WriteLine($"median | {Median(walls),5:F2} | {Median(sums),7:F2} | {median,10:F2} |");
        bool pass = median <= BudgetSeconds;
        Console.WriteLine();
        Console.WriteLine($"{(pass ? "PASS" : "FAIL")}: median overhead {median:F2} s against a budget of {BudgetSeconds:F1} s");
        return pass ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Thirty cells in the mix of a homework notebook.</summary>
    private static List<string> Cells()
    {
        var cells = new List<string>
        {
            "#r \"nuget: Plotly.NET.CSharp\"\nusing Course;\nusing Plotly.NET.CSharp;",
            "double Work(int milliseconds)\n{\n    // Busy for the given time: a cell whose own run time is known.\n    var clock = System.Diagnostics.Stopwatch.StartNew();\n    double acc = 0;\n    while (clock.ElapsedMilliseconds < milliseconds) acc += Math.Sqrt(acc + 1);\n    return acc;\n}",
            "record Point(double X, double Y);\nclass Counter\n{\n    public int Count { get; private set; }\n    public void Add() => Count++;\n}",
        };
        for (int i = 0; cells.Count < 29; i++)
        {
            cells.Add((i % 4) switch
            {
                0 => $"var work{i} = Work(50);\nConsole.WriteLine($\"cell {i}: {{work{i} > 0}}\");",
                1 => $"var points{i} = Enumerable.Range(0, 100).Select(k => new Point(k, k * {i})).ToList();\ndisplay(points{i}.Count);\npoints{i}.Take(3)",
                2 => $"var t{i} = Tensor<double>.Ones(64, 64);\nvar u{i} = t{i}.MatMul(t{i});\nWork(50);\nu{i}.Shape",
                _ => $"var counter{i} = new Counter();\nfor (int k = 0; k < 1000; k++) counter{i}.Add();\nConsole.WriteLine(counter{i}.Count);\n$\"<b>{i}</b>\".DisplayAs(\"text/html\");",
            });
        }
        cells.Add("var chart = Chart.Line<int, double, string>(Enumerable.Range(0, 50), Enumerable.Range(0, 50).Select(k => Math.Sin(k / 5.0)));\nchart");
        return cells;
    }

    private static JsonObject Notebook(List<string> cells) => new()
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#", ["display_name"] = ".NET (C#)" } },
        ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode)new JsonObject
        {
            ["cell_type"] = "code", ["id"] = $"bench{i:00}", ["execution_count"] = null, ["metadata"] = new JsonObject(),
            ["outputs"] = new JsonArray(), ["source"] = c,
        }).ToArray()),
    };
}
