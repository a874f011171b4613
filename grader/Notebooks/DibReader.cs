using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>
/// Reads Polyglot Notebooks' plain-text format (.dib) as the nbformat 4.5 notebook it stands for, so that
/// <c>run x.dib --out y.ipynb</c> and <c>grade x.dib</c> work like their .ipynb forms. The format
/// (Microsoft.DotNet.Interactive.Documents, CodeSubmission): a line <c>#!csharp</c>, <c>#!markdown</c>, <c>#!fsharp</c>…
/// starts a cell; any other <c>#!xyz</c> (e.g. <c>#!time</c>) is part of the cell; text before the first such line
/// belongs to the default kernel; <c>#!meta</c> is followed by one JSON line (<c>{"kernelInfo": …}</c>); blank lines
/// at the edges of a cell are not part of it. A .dib has no outputs, ids or cell metadata.
/// </summary>
public static class DibReader
{
    private const string DefaultKernelInfo = """{"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}""";

    public static Notebook Read(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        JsonObject kernelInfo = ReadMeta(lines, path, out int metaLine, out int jsonLine);
        string defaultKernel = kernelInfo["defaultKernelName"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "csharp";
        var headers = KernelNames(kernelInfo);

        var cells = new List<(string Kernel, List<string> Lines)>();
        var current = (Kernel: CellLanguage.Canonical(defaultKernel), Lines: new List<string>());
        bool explicitCell = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (i == metaLine || i == jsonLine) continue;
            string trimmed = lines[i].TrimEnd();
            string? header = trimmed.StartsWith("#!", StringComparison.Ordinal) ? trimmed[2..] : null;
            if (header is not null && header != "meta" && (CellLanguage.IsKnownKernel(header) || headers.ContainsKey(header)))
            {
                Flush(cells, current, explicitCell);
                current = (headers.TryGetValue(header, out var name) ? CellLanguage.Canonical(name) : CellLanguage.Canonical(header), new List<string>());
                explicitCell = true;
            }
            else
            {
                current.Lines.Add(lines[i]);
            }
        }
        Flush(cells, current, explicitCell);
        if (cells.Count == 0) throw new NotebookException($"{path}: the .dib file has no cells; it is empty apart from blank lines");

        var notebook = Build(cells, kernelInfo);
        return Notebook.Parse(NotebookJsonWriter.Write(notebook, JsonLayout.Nbformat), path);
    }

    /// <summary>The optional <c>#!meta</c> line and the JSON line after it (blank lines between are allowed).</summary>
    private static JsonObject ReadMeta(string[] lines, string path, out int metaLine, out int jsonLine)
    {
        metaLine = jsonLine = -1;
        metaLine = Array.FindIndex(lines, l => l.TrimEnd() == "#!meta");
        if (metaLine < 0) return (JsonObject)JsonNode.Parse(DefaultKernelInfo)!;
        jsonLine = Array.FindIndex(lines, metaLine + 1, l => l.Trim().Length > 0);
        if (jsonLine < 0) throw new NotebookException($"{path}: line {metaLine + 1}: #!meta is not followed by its JSON line");
        try
        {
            if (JsonNode.Parse(lines[jsonLine], documentOptions: new JsonDocumentOptions { MaxDepth = NotebookLimits.MaxDepth }) is JsonObject meta)
                return meta["kernelInfo"] as JsonObject ?? (JsonObject)JsonNode.Parse(DefaultKernelInfo)!;
        }
        catch (JsonException) { }
        throw new NotebookException($"{path}: line {jsonLine + 1}: the line after #!meta must be a JSON object such as {{\"kernelInfo\": …}}; fix or delete it");
    }

    /// <summary>Kernel names and aliases the file itself declares (which also start cells), each to its kernel's name.</summary>
    private static Dictionary<string, string> KernelNames(JsonObject kernelInfo)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (kernelInfo["items"] is not JsonArray items) return names;
        foreach (var item in items.OfType<JsonObject>())
        {
            if (item["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String) continue;
            string kernel = name.GetValue<string>();
            names[kernel] = kernel;
            if (item["aliases"] is JsonArray aliases)
                foreach (var alias in aliases.OfType<JsonValue>().Where(a => a.GetValueKind() == JsonValueKind.String))
                    names[alias.GetValue<string>()] = kernel;
        }
        return names;
    }

    private static void Flush(List<(string, List<string>)> cells, (string Kernel, List<string> Lines) cell, bool explicitCell)
    {
        var lines = cell.Lines;
        int first = lines.FindIndex(l => l.Trim().Length > 0);
        if (first < 0)
        {
            // Only an explicit header makes an empty cell; blank text before the first header is nothing.
            if (explicitCell) cells.Add((cell.Kernel, []));
            return;
        }
        int last = lines.FindLastIndex(l => l.Trim().Length > 0);
        cells.Add((cell.Kernel, lines.GetRange(first, last - first + 1)));
    }

    private static JsonObject Build(List<(string Kernel, List<string> Lines)> cells, JsonObject kernelInfo)
    {
        var array = new JsonArray();
        var taken = new HashSet<string>();
        for (int i = 0; i < cells.Count; i++)
        {
            var (kernel, lines) = cells[i];
            string source = string.Join("\n", lines);
            string id = CellIds.New(i, source, taken);
            taken.Add(id);
            var sourceLines = new JsonArray(NotebookCell.SplitLines(source).Select(l => (JsonNode)l).ToArray());
            array.Add(kernel == "markdown"
                ? new JsonObject { ["cell_type"] = "markdown", ["id"] = id, ["metadata"] = new JsonObject(), ["source"] = sourceLines }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["id"] = id,
                    ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel } },
                    ["outputs"] = new JsonArray(),
                    ["source"] = sourceLines,
                });
        }
        return new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = kernelInfo.DeepClone() },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
    }
}
