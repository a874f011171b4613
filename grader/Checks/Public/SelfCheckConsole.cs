using Spectre.Console;

namespace Course.Grader.Checks.Public;

/// <summary>The self-check for a terminal: a table of checks, the hints for what did not pass, and the tally.</summary>
public static class SelfCheckConsole
{
    public const string PublicOnly =
        "These are the public checks only: the grade also compares your results with a hidden reference implementation " +
        "on other inputs, and times your code.";

    public static void Write(SelfCheckReport report, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Public checks[/] — {Markup.Escape(report.Homework.Title)} — {Markup.Escape(Path.GetFileName(report.Notebook))}")
            .AddColumn("Unit").AddColumn("Check").AddColumn("Result").AddColumn("Details");
        foreach (var unit in report.Results.GroupBy(r => r.Unit))
        {
            bool first = true;
            foreach (var r in unit)
            {
                table.AddRow(first ? Markup.Escape(r.Unit) : "", Markup.Escape(r.Check), Label(r.Outcome), Markup.Escape(r.Message));
                first = false;
            }
        }
        table.Caption($"seed {SelfCheckRun.PublicSeed}, {report.Seconds:0.0} s");
        console.Write(table);

        var hints = report.Results.Where(r => r.Hint is not null && r.Outcome == PublicOutcome.Failed).ToList();
        if (hints.Count > 0)
        {
            console.MarkupLine("[bold]Hints[/]");
            foreach (var r in hints) console.MarkupLine($"  [red]{Markup.Escape(r.Unit)} › {Markup.Escape(r.Check)}:[/] {Markup.Escape(r.Hint!)}");
        }
        foreach (var warning in report.Warnings) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        string colour = report.AllPass ? "green" : report.Count(PublicOutcome.Failed) > 0 ? "red" : "yellow";
        console.MarkupLine($"[bold {colour}]{Markup.Escape(report.Summary)}[/]");
        console.MarkupLine(Markup.Escape(PublicOnly));
    }

    private static string Label(PublicOutcome outcome) => outcome switch
    {
        PublicOutcome.Passed => "[green]pass[/]",
        PublicOutcome.Failed => "[red bold]FAIL[/]",
        PublicOutcome.NotImplemented => "[yellow]not implemented[/]",
        _ => "[grey]skipped[/]",
    };
}
