namespace Microsoft.DotNet.Interactive;

/// <summary>Markup that displays as text/html (what <see cref="Kernel.HTML"/> returns).</summary>
public sealed class HtmlString(string html)
{
    public string Html { get; } = html;

    public override string ToString() => Html;
}
