using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Grader.Pipeline;

namespace Course.Grader.Reports;

/// <summary>
/// Gradescope's results.json (its autograder specification): top-level score, max_score, execution_time, output,
/// and one test per check with name, score, max_score, status, output and visibility.
/// </summary>
public static class GradescopeReport
{
    public static JsonObject Build(GradeReport report)
    {
        var tests = new JsonArray();
        int number = 0;
        foreach (var c in report.Checks)
        {
            number++;
            tests.Add(new JsonObject
            {
                ["name"] = $"{c.Unit}: {c.Check}",
                ["number"] = number.ToString(),
                ["score"] = c.Points,
                ["max_score"] = c.MaxPoints,
                ["status"] = c.Passed && c.Points >= c.MaxPoints ? "passed" : "failed",
                ["output"] = c.Message,
                ["visibility"] = "visible",
                ["tags"] = new JsonArray(c.Unit, c.Check),
            });
        }
        var output = new List<string>
        {
            $"{report.Homework.Title}: {report.RawScore:0.##}/{report.RawMax:0.##} raw points = {report.CoursePoints:0.##}/{report.Homework.Points:0.##} course points ({report.Seed})",
        };
        if (report.Late is { } late) output.Add(late.Describe(report.Homework));
        output.AddRange(report.Warnings.Select(w => "warning: " + w));
        return new JsonObject
        {
            // Gradescope's top-level score overrides the sum of the tests: it carries the late penalty.
            ["score"] = report.Late is not null ? Math.Round(report.RawMax * report.CoursePoints / report.Homework.Points, 4) : report.RawScore,
            ["max_score"] = report.RawMax,
            ["execution_time"] = Math.Round(report.ExecutionSeconds, 3),
            ["output"] = string.Join("\n", output),
            ["visibility"] = "visible",
            ["stdout_visibility"] = "hidden",
            ["tests"] = tests,
        };
    }

    public static void Write(GradeReport report, string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, Build(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
