using System.Text.Json;
using Course.Grader.Workers;

namespace Course.Grader.Pipeline;

/// <summary>
/// The packages notebook code may ask for with <c>#r "nuget: …"</c>: the course's own library, its span kernels and
/// the chart packages. Nothing is ever downloaded: each resolves to the assembly the worker already has, whose version is read
/// from the worker's dependency manifest (so it cannot drift from what is installed).
/// </summary>
public static class PackageAllowlist
{
    // Plotly.NET.Interactive is the notebook glue for Plotly.NET: served by Plotly.NET and the worker's chart display.
    private static readonly Dictionary<string, string> ServedBy = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Course.Assignments"] = "Course.Assignments",
        // The span kernels under Tensor<T>; a notebook that calls TensorPrimitives itself must reference them, since
        // #r of the course library alone does not make its dependencies' types visible to the compiler.
        ["System.Numerics.Tensors"] = "System.Numerics.Tensors",
        ["Plotly.NET"] = "Plotly.NET",
        ["Plotly.NET.CSharp"] = "Plotly.NET.CSharp",
        ["Plotly.NET.Interactive"] = "Plotly.NET",
    };

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Installed = new(ReadInstalled);

    public static IEnumerable<string> Names => ServedBy.Keys;

    public static bool Allows(string package) => ServedBy.ContainsKey(package);

    /// <summary>The version the worker has for an allowed package (null if the manifest does not say).</summary>
    public static string? InstalledVersion(string package) =>
        ServedBy.TryGetValue(package, out var served) && Installed.Value.TryGetValue(served, out var version) ? version : null;

    /// <summary>"Name/Version" keys of the worker's deps.json libraries.</summary>
    private static IReadOnlyDictionary<string, string> ReadInstalled()
    {
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string manifest = Path.ChangeExtension(WorkerProcess.WorkerPath, ".deps.json");
        if (!File.Exists(manifest)) return versions;
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        if (!json.RootElement.TryGetProperty("libraries", out var libraries)) return versions;
        foreach (var library in libraries.EnumerateObject())
        {
            int slash = library.Name.IndexOf('/');
            if (slash > 0) versions[library.Name[..slash]] = library.Name[(slash + 1)..];
        }
        return versions;
    }
}
