using System.Globalization;
using System.Text.RegularExpressions;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// The master notebook runs top to bottom headlessly (in a worker, as students' notebooks do): every self-check
/// passes and the MNIST network reaches 95 % on held-out digits.
/// </summary>
[NonParallelizable]
public class MasterNotebookRunTests
{
    [Test]
    public void The_master_notebook_runs_its_self_checks_and_trains_to_95_percent()
    {
        var report = NotebookRunner.Run(Repo.MasterNotebook, TimeSpan.FromMinutes(5));
        Assert.That(report.StoppedBecause, Is.Null);
        Assert.That(report.Outputs.Where(o => o.ErrorName is not null).Select(o => $"cell {o.Cell}: {o.ErrorName} {o.ErrorMessage}"), Is.Empty);

        string printed = string.Concat(report.Outputs.Select(o => o.Stdout));
        Assert.That(printed, Does.Contain("All self-checks passed."));
        Assert.That(printed, Does.Not.Contain("FAIL"));
        var accuracy = Regex.Match(printed, @"Held-out accuracy: (0\.\d+)");
        Assert.That(accuracy.Success, "the training cell prints its held-out accuracy");
        Assert.That(double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0.95));

        var chart = report.Outputs.SelectMany(o => o.Displays).Select(d => d["text/html"]).Single(html => html is not null);
        Assert.That(chart, Does.Contain("Plotly.newPlot").And.Contain("plotly.js v2"), "the chart renders offline, plotly.js inlined");
        double training = report.Outputs.Max(o => o.Seconds);
        Assert.That(training, Is.LessThan(180), "the training finishes within a few minutes");
        TestContext.Out.WriteLine($"held-out accuracy {accuracy.Groups[1].Value}, longest cell {training:0.0} s");
    }
}
