namespace Microsoft.DotNet.Interactive;

/// <summary>
/// Polyglot's top-level notebook functions; notebook code imports this class statically, so <c>display(x)</c> and
/// <c>HTML("…")</c> need no prefix.
/// </summary>
public static class Kernel
{
    /// <summary>Shows a value now, as the given mime types (default: text/plain, plus text/html where it has HTML).</summary>
    public static DisplayedValue display(object? value, params string[] mimeTypes) => Course.Display.DisplayBus.Show(value, mimeTypes);

    /// <summary>Markup to show as HTML: pass it to display, or end the cell with it.</summary>
    public static HtmlString HTML(string content) => new(content);

    /// <summary>Adds a style sheet to the output.</summary>
    public static void CSS(string content) => display(new HtmlString($"<style>{content}</style>"), "text/html");

    /// <summary>Adds a script to the output.</summary>
    public static void Javascript(string scriptContent) =>
        display(new HtmlString($"<script type=\"text/javascript\">{scriptContent}</script>"), "text/html");
}
