using Course.Grader.Pipeline;
using Spectre.Console;

namespace Course.Grader.Reports;

/// <summary>The score table for a terminal: unit, check, points, message.</summary>
public static class ConsoleReport
{
    public static void Write(GradeReport report, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(report.Homework.Title)}[/] — {Markup.Escape(Path.GetFileName(report.Notebook))}")
            .AddColumn("Unit").AddColumn("Check").AddColumn(new TableColumn("Points").RightAligned()).AddColumn("Message");
        foreach (var unit in report.Checks.GroupBy(c => c.Unit))
        {
            bool first = true;
            foreach (var c in unit)
            {
                string colour = c.Passed && c.Points >= c.MaxPoints ? "green" : c.Points > 0 ? "yellow" : "red";
                table.AddRow(
                    first ? Markup.Escape(c.Unit) : "",
                    Markup.Escape(c.Check),
                    $"[{colour}]{c.Points:0.##}/{c.MaxPoints:0.##}[/]",
                    Markup.Escape(c.Message));
                first = false;
            }
        }
        string course = report.Partial
            ? "only some units graded: no course points"
            : $"{report.CoursePoints:0.##} / {report.Homework.Points:0.##} course points";
        table.Caption($"Total {report.RawScore:0.##} / {report.RawMax:0.##}  →  {course}   ({report.Seed}, {report.ExecutionSeconds:0.0} s)");
        console.Write(table);
        if (report.Late is { } late) console.MarkupLine($"[bold]Late policy:[/] {Markup.Escape(late.Describe(report.Homework))}");
        foreach (var warning in report.Warnings) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
    }
}
