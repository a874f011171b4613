using System.Net;
using Course.Grader.Protocol;
using Microsoft.DotNet.Interactive;
using Plotly.NET;

namespace Course.Worker.Running;

/// <summary>
/// Turns a displayed value into a mime bundle: text/plain always (unless only other types were asked for), text/html
/// for values that have HTML (charts, <see cref="HtmlString"/>). Charts render offline: plotly.js is inlined with
/// the first chart of the notebook, later charts reuse it.
/// </summary>
public sealed class ValueFormatter
{
    private const string PlotlyResource = "Plotly.NET.plotly-2.28.0.min.js";
    private bool plotlyIncluded;

    /// <summary>The bundle for a value; <paramref name="mimeTypes"/> empty means the value's own preference.</summary>
    public IReadOnlyList<MimeData> Format(object? value, IReadOnlyList<string> mimeTypes)
    {
        if (mimeTypes.Count > 0) return mimeTypes.Distinct().Select(m => new MimeData(m, As(value, m))).ToList();
        return value switch
        {
            HtmlString html => [new MimeData("text/html", html.Html)],
            GenericChart => [new MimeData("text/html", As(value, "text/html")), new MimeData("text/plain", "(a Plotly chart)")],
            _ => [new MimeData("text/plain", PlainText.Format(value))],
        };
    }

    private string As(object? value, string mime) => (mime, value) switch
    {
        ("text/html", GenericChart chart) => ChartHtml(chart),
        ("text/html", HtmlString html) => html.Html,
        ("text/html", _) => $"<pre>{WebUtility.HtmlEncode(PlainText.Format(value))}</pre>",
        // Content given as text for another type (DisplayAs("text/markdown")) is taken as is.
        (_, string s) => s,
        (_, HtmlString html) => html.Html,
        _ => PlainText.Format(value),
    };

    private string ChartHtml(GenericChart chart)
    {
        string html = GenericChart.toChartHTML(chart);
        if (plotlyIncluded) return html;
        using var js = typeof(GenericChart).Assembly.GetManifestResourceStream(PlotlyResource)
                       ?? throw new InvalidOperationException($"plotly.js ({PlotlyResource}) is missing from Plotly.NET");
        plotlyIncluded = true;
        return $"<script type=\"text/javascript\">{new StreamReader(js).ReadToEnd()}</script>\n{html}";
    }
}
