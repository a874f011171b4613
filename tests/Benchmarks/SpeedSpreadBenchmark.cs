using Course.Grader.Configuration;
using Course.Grader.Pipeline;

namespace Course.Benchmarks;

/// <summary>
/// How still the speed check holds: the master notebook graded N times (fresh workers each time, the grade's own
/// settings), and for each timed unit the spread of its median ratio and how often it landed in its usual bucket.
/// </summary>
public static class SpeedSpreadBenchmark
{
    public static int Run(int runs, string repositoryRoot)
    {
        var course = CourseLoader.Load(Path.Combine(repositoryRoot, "course.json"));
        string master = Path.Combine(repositoryRoot, "notebooks", "02-fully-connected.ipynb");
        string[] units = ["linear", "relu", "leaky_relu", "softmax", "softmax_ce", "bce"];
        Console.WriteLine($"speed ratio student/reference of the master, graded {runs} times (fresh workers each), {Environment.ProcessorCount} logical CPUs" +
                          (File.Exists("/proc/loadavg") ? $", load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : ""));
        var ratios = units.ToDictionary(u => u, _ => new List<double>());
        var points = units.ToDictionary(u => u, _ => new List<double>());
        for (int run = 0; run < runs; run++)
        {
            var report = GradingPipeline.Grade(new GradeOptions(master, OnlyUnits: units), course);
            foreach (var check in report.Checks.Where(c => c.Check == "speed"))
            {
                ratios[check.Unit].Add(check.SpeedRatio ?? double.NaN);
                points[check.Unit].Add(check.Points);
            }
        }
        Console.WriteLine();
        Console.WriteLine(" unit        |  min  | median |  max  | max/min | same bucket");
        Console.WriteLine("-------------|-------|--------|-------|---------|------------");
        foreach (string unit in units)
        {
            var r = ratios[unit].Order().ToList();
            int same = points[unit].GroupBy(p => p).Max(g => g.Count());
            Console.WriteLine($" {unit,-11} | {r[0],5:F2} | {Timing.Median(r),6:F2} | {r[^1],5:F2} | {r[^1] / r[0],7:F2} | {same,3} of {r.Count}");
        }
        return 0;
    }
}
