using Microsoft.CodeAnalysis;

namespace Course.Worker;

/// <summary>The assemblies notebook code compiles against: the framework, the course contract and the chart
/// library. Roslyn and Microsoft.CSharp (the runtime binder behind <c>dynamic</c>) are left out on purpose.</summary>
public static class References
{
    private static readonly string[] AllowedPrefixes = ["System.", "Microsoft.Win32.Primitives", "netstandard", "mscorlib"];
    private static readonly HashSet<string> AllowedNames =
        ["System", "Course.Assignments", "Course.Display", "Plotly.NET", "Plotly.NET.CSharp", "FSharp.Core"];

    private static IReadOnlyList<MetadataReference>? cached;

    public static IReadOnlyList<MetadataReference> ForNotebooks() => cached ??= Build();

    private static List<MetadataReference> Build()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var result = new List<MetadataReference>();
        foreach (var path in paths)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            bool allowed = AllowedNames.Contains(name) || AllowedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
            if (allowed && !name.StartsWith("System.Private.", StringComparison.Ordinal) || name == "System.Private.CoreLib")
                result.Add(MetadataReference.CreateFromFile(path));
        }
        return result;
    }
}
