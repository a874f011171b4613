using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>
/// Reads values out of notebook JSON whatever its shape. JsonNode's indexer throws when a step is not an object
/// (<c>"kernelspec": "python3"</c>), and a student's odd metadata must never become an internal error.
/// </summary>
public static class JsonRead
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (string key in path)
            node = node is JsonObject obj ? obj[key] : null;
        return node;
    }

    /// <summary>The string at the path, or null when anything on the way is missing or of another kind.</summary>
    public static string? String(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The number at the path if it is a finite double (1e400 is not), else null.</summary>
    public static double? Number(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && double.IsFinite(d) ? d : null;
}
