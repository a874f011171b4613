using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Course.Worker.Running;

/// <summary>
/// Plotly's <c>chart.Show()</c> writes an HTML file and starts a browser. A headless run must never do that, so
/// every call that binds to a Plotly.NET method named Show (Plotly.NET's GenericChart extension, Plotly.NET.CSharp's,
/// the static <c>Chart.show(chart)</c>) is rewritten into a display call on the same chart, in the cell and in the
/// files it #load-s. The edit is made in the text, on the call's own span, so every line keeps its number.
/// </summary>
public static class ShowRewriter
{
    private const string Display = "global::Microsoft.DotNet.Interactive.Kernel.display";

    /// <summary>
    /// The texts with Show calls replaced, keyed by file path: "" for the cell itself, a full path for a file it
    /// #load-s. Empty when nothing calls Show.
    /// </summary>
    public static Dictionary<string, string> Rewrite(Compilation compilation)
    {
        var rewritten = new Dictionary<string, string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Cheap test first: a semantic pass costs a binding of the whole file.
            if (!tree.GetText().ToString().Contains("how", StringComparison.Ordinal)) continue;
            var model = compilation.GetSemanticModel(tree);
            var changes = new List<TextChange>();
            foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (ChartOf(call, model) is not { } chart) continue;
                // Around the chart expression, kept as written: "display(" before it, ")" after it, and every line
                // break of the replaced text kept, so the lines below stay where they were.
                changes.Add(Replace(tree, TextSpan.FromBounds(call.SpanStart, chart.SpanStart), $"{Display}("));
                changes.Add(Replace(tree, TextSpan.FromBounds(chart.Span.End, call.Span.End), ")"));
            }
            if (changes.Count > 0) rewritten[tree.FilePath] = tree.GetText().WithChanges(changes).ToString();
        }
        return rewritten;
    }

    private static TextChange Replace(SyntaxTree tree, TextSpan span, string text)
    {
        int breaks = tree.GetText().ToString(span).Count(c => c == '\n');
        return new TextChange(span, text + new string('\n', breaks));
    }

    private static ExpressionSyntax? ChartOf(InvocationExpressionSyntax call, SemanticModel model)
    {
        if (call.Expression is not (MemberAccessExpressionSyntax or IdentifierNameSyntax)) return null;
        string name = call.Expression is MemberAccessExpressionSyntax m ? m.Name.Identifier.ValueText : ((IdentifierNameSyntax)call.Expression).Identifier.ValueText;
        if (!name.Equals("Show", StringComparison.OrdinalIgnoreCase)) return null;
        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method) return null;
        if (method.ContainingAssembly?.Name.StartsWith("Plotly.NET", StringComparison.Ordinal) != true) return null;
        // chart.Show() as an extension call: the chart is the receiver; GenericChart.show(chart): the first argument.
        if (method.ReducedFrom is not null && call.Expression is MemberAccessExpressionSyntax access) return access.Expression;
        return call.ArgumentList.Arguments.FirstOrDefault()?.Expression;
    }
}
