using Microsoft.DotNet.Interactive;

namespace System;

/// <summary><c>x.Display()</c> and <c>"…".DisplayAs("text/html")</c> on any value, as in Polyglot (namespace System,
/// so no using is needed).</summary>
public static class DisplayExtensions
{
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => Kernel.display(value, mimeTypes);

    /// <summary>Shows a string as the given mime type: its content is taken as is (markup for text/html).</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType) =>
        Kernel.display(mimeType == "text/html" ? new HtmlString(value) : value, mimeType);
}
