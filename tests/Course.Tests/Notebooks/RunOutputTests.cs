using System.Text.Json.Nodes;
using Course.Grader.Protocol;

namespace Course.Tests.Notebooks;

/// <summary>What a run writes into a notebook: outputs in the order they happened, and every way of displaying a value.</summary>
[NonParallelizable]
public class RunOutputTests
{
    [Test]
    public void Prints_and_displays_keep_the_order_in_which_they_happened()
    {
        var report = RunNotebooks.Run(
            "Console.WriteLine(\"one\");\nConsole.Write(\"t\");\nConsole.WriteLine(\"wo\");\ndisplay(1);\nConsole.Error.WriteLine(\"warn\");\nConsole.WriteLine(\"three\");\n\"end\"");
        var saved = report.SavedOutputs(1);
        Assert.That(saved.Select(Describe), Is.EqualTo(new[]
        {
            "stream stdout: one\ntwo\n",
            "display_data text/plain: 1",
            "stream stderr: warn\n",
            "stream stdout: three\n",
            "display_data text/plain: end",
        }));
    }

    [Test]
    public void Every_display_variant_shows_a_display_data_and_nulls_and_void_show_nothing()
    {
        var report = RunNotebooks.Run(
            "display(\"plain\");\n42.Display();\n\"<b>hi</b>\".DisplayAs(\"text/html\");\nnew List<int> { 1, 2 }.Display(\"text/html\");\nCSS(\"p { color: red; }\");",
            "HTML(\"<i>x</i>\")",
            "new List<int> { 1, 2, 3 }",
            "new Dictionary<string, int> { [\"a\"] = 1 }",
            "Course.Tensor<double>.Ones(2, 3)",
            "string nothing = null;\nnothing",
            "void Nothing() { }\nNothing()",
            "display(null);",
            "var handle = display(\"draft\");\nhandle.Update(\"final\");");

        Assert.That(report.Cell(1).Displays.Select(Bundle), Is.EqualTo(new[]
        {
            "text/plain=plain",
            "text/plain=42",
            "text/html=<b>hi</b>",
            "text/html=<pre>[1, 2]</pre>",
            "text/html=<style>p { color: red; }</style>",
        }));
        Assert.That(report.Cell(2).Displays.Select(Bundle), Is.EqualTo(new[] { "text/html=<i>x</i>" }));
        Assert.That(report.Cell(3).Displays.Single()["text/plain"], Is.EqualTo("[1, 2, 3]"));
        Assert.That(report.Cell(4).Displays.Single()["text/plain"], Is.EqualTo("{ \"a\": 1 }"));
        Assert.That(report.Cell(5).Displays.Single()["text/plain"], Is.EqualTo(Course.Tensor<double>.Ones(2, 3).ToString()), "tensors use their ToString");
        Assert.That(report.Cell(6).Items, Is.Empty, "a null value is not shown");
        Assert.That(report.Cell(7).Items, Is.Empty, "void is not shown");
        Assert.That(report.Cell(8).Displays.Single()["text/plain"], Is.EqualTo("<null>"), "display(null) is asked for, so it shows");
        Assert.That(report.Cell(9).Displays.Single()["text/plain"], Is.EqualTo("final"), "Update replaces the display");
    }

    [Test]
    public void Charts_render_offline_with_plotly_js_inlined_once_per_notebook()
    {
        var report = RunNotebooks.Run(
            "using Plotly.NET.CSharp;\nvar chart = Chart.Line<int, int, string>(new[] { 1, 2 }, new[] { 3, 4 });\nchart",
            "chart.Display();",
            "display(chart);");
        var html = report.Outputs.SelectMany(o => o.Displays).Select(d => d["text/html"]!).ToList();
        Assert.That(html, Has.Count.EqualTo(3));
        Assert.That(html.Count(h => h.Contains("plotly.js v2")), Is.EqualTo(1), "plotly.js is inlined once");
        Assert.That(html[0], Does.Contain("plotly.js v2").And.Contain("Plotly.newPlot"));
        Assert.That(html.Skip(1), Has.All.Contain("Plotly.newPlot").And.All.Not.Contain("cdn"));
        Assert.That(report.Cell(1).Displays.Single()["text/plain"], Is.Not.Null);
    }

    private static string Bundle(OutputItem.Display d) => string.Join(" ", d.Data.Select(m => $"{m.Mime}={m.Content}"));

    private static string Describe(JsonNode? output)
    {
        string type = (string)output!["output_type"]!;
        return type == "stream"
            ? $"stream {(string)output["name"]!}: {string.Concat(output["text"]!.AsArray().Select(l => (string)l!))}"
            : $"{type} {string.Join(" ", output["data"]!.AsObject().Select(kv => $"{kv.Key}: {string.Concat(kv.Value!.AsArray().Select(l => (string)l!))}"))}";
    }
}
