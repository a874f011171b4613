namespace Course.Tests.Notebooks;

/// <summary>
/// Plotly's Show() starts a browser through xdg-open. A headless run rewrites it into a display: a fake xdg-open
/// first on PATH records every call, and a control cell proves the fake is the one the worker would reach. The OS
/// sandbox is off for this test: inside it the worker gets its own PATH (and a read-only folder), so the fake could
/// neither be reached nor write its log — what is tested here is the rewrite, not the sandbox.
/// </summary>
[NonParallelizable]
public class ChartShowTests
{
    [Test]
    public void Show_displays_the_chart_and_starts_no_browser()
    {
        string folder = RunNotebooks.NewFolder();
        string bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        string log = Path.Combine(folder, "opened.txt");
        string fake = Path.Combine(bin, "xdg-open");
        File.WriteAllText(fake, $"#!/bin/sh\necho \"$@\" >> '{log}'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string? path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", $"{bin}:{path}");
        Environment.SetEnvironmentVariable("COURSE_SANDBOX", "off");
        File.WriteAllText(Path.Combine(folder, "plots.csx"), "using Plotly.NET.CSharp;\nvoid ShowTwice(Plotly.NET.GenericChart c)\n{\n    c.Show();\n    Plotly.NET.CSharp.GenericChartExtensions.Show(c);\n}\n");
        try
        {
            // Ungated: the control cell starts a process, as Plotly's Show would, to prove the fake browser works.
            var report = RunNotebooks.RunIn(folder, TimeSpan.FromSeconds(60), ungated: true,
                "using Plotly.NET.CSharp;\nvar chart = Chart.Line<int, int, string>(new[] { 1, 2 }, new[] { 3, 4 });",
                "chart.Show();",
                "Plotly.NET.CSharp.GenericChartExtensions.Show(\n    chart);",
                "Plotly.NET.Chart.show(chart);\nConsole.WriteLine(\"after\");",
                "void Plot() => chart.Show();\nPlot();",
                "chart.Show()",
                $"System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(\"{folder}/control.html\") {{ UseShellExecute = true }}).WaitForExit();",
                "chart\n    .Show();\nint.Parse(\"x\");",
                "#load \"plots.csx\"\nShowTwice(chart);");

            Assert.That(report.Outputs.Where(o => o.Cell != 8 && o.Error is not null).Select(o => $"cell {o.Cell}: {o.ErrorMessage}"), Is.Empty);
            Assert.That((report.Cell(8).Error!.Name, report.Cell(8).Error!.Line), Is.EqualTo(("FormatException", 3)), "the rewrite keeps line numbers");
            foreach (int cell in new[] { 2, 3, 4, 5, 6 })
                Assert.That(report.Cell(cell).Displays.Single()["text/html"], Does.Contain("Plotly.newPlot"), $"cell {cell} shows the chart once");
            Assert.That(report.Cell(4).Stdout, Is.EqualTo("after\n"));
            Assert.That(report.Cell(9).Displays.Select(d => d["text/html"]), Has.Exactly(2).Contain("Plotly.newPlot"), "Show in a #load-ed file too");
            Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { $"{folder}/control.html" }), "only the control cell reached xdg-open");
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Environment.SetEnvironmentVariable("COURSE_SANDBOX", null);
        }
    }
}
