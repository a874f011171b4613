using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>
/// The language of a code cell, resolved as Polyglot Notebooks does: the cell's polyglot_notebook.kernelName, then
/// dotnet_interactive.language, then a leading #!name magic, then the notebook's default kernel.
/// </summary>
public static class CellLanguage
{
    private static readonly HashSet<string> CSharpNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#", "cs" };
    private static readonly HashSet<string> KnownKernels = new(StringComparer.OrdinalIgnoreCase)
        { "csharp", "c#", "cs", "fsharp", "f#", "fs", "pwsh", "powershell", "javascript", "js", "html", "sql", "kql", "mermaid", "markdown", "md", "value", "python" };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
        { ["c#"] = "csharp", ["cs"] = "csharp", ["f#"] = "fsharp", ["fs"] = "fsharp", ["powershell"] = "pwsh", ["js"] = "javascript", ["md"] = "markdown" };

    public static bool IsCSharp(string kernel) => CSharpNames.Contains(kernel);

    /// <summary>Whether <c>#!name</c> names a kernel Polyglot Notebooks knows (rather than a magic like <c>#!time</c>).</summary>
    public static bool IsKnownKernel(string name) => KnownKernels.Contains(name);

    /// <summary>A kernel's own name for one of its aliases (<c>c#</c> → <c>csharp</c>, <c>md</c> → <c>markdown</c>).</summary>
    public static string Canonical(string name) => Aliases.TryGetValue(name, out var canonical) ? canonical : name.ToLowerInvariant();

    public static string NotebookDefault(JsonObject root)
    {
        var metadata = root["metadata"];
        return JsonRead.String(metadata, "kernelInfo", "defaultKernelName")
               ?? JsonRead.String(metadata, "polyglot_notebook", "kernelInfo", "defaultKernelName")
               ?? JsonRead.String(metadata, "polyglot_notebook", "defaultKernelName")
               ?? JsonRead.String(metadata, "dotnet_interactive", "defaultKernelName")
               ?? KernelspecLanguage(metadata)
               ?? "csharp";
    }

    public static string Resolve(JsonObject cell, string source, string notebookDefault)
    {
        var metadata = cell["metadata"];
        string? fromMetadata = JsonRead.String(metadata, "polyglot_notebook", "kernelName") ?? JsonRead.String(metadata, "dotnet_interactive", "language");
        if (fromMetadata is not null) return fromMetadata;
        string firstLine = source.TrimStart().Split('\n', 2)[0].Trim();
        if (firstLine.StartsWith("#!", StringComparison.Ordinal) && KnownKernels.Contains(firstLine[2..])) return firstLine[2..];
        return notebookDefault;
    }

    private static string? KernelspecLanguage(JsonNode? metadata)
    {
        string? language = JsonRead.String(metadata, "kernelspec", "language");
        return language switch
        {
            null => null,
            _ when language.Equals("C#", StringComparison.OrdinalIgnoreCase) => "csharp",
            _ => language,
        };
    }
}
