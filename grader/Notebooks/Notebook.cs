using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>A notebook that cannot be read; the message names the file and what is wrong.</summary>
public sealed class NotebookException(string message) : Exception(message);

/// <summary>
/// An nbformat 4 notebook as JSON. The JSON tree is kept whole, so metadata the grader does not know survives a
/// rewrite; cells are views onto it.
/// </summary>
public sealed class Notebook
{
    private Notebook(string path, JsonObject root, List<NotebookCell> cells)
    {
        Path = path;
        Root = root;
        Cells = cells;
    }

    public string Path { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    public static Notebook Load(string path)
    {
        if (Directory.Exists(path)) throw new NotebookException($"{path}: is a directory, not a notebook file");
        if (!File.Exists(path)) throw new NotebookException($"{path}: no such file");
        byte[] bytes = File.ReadAllBytes(path);
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new NotebookException($"{path}: not UTF-8 text; save the notebook as UTF-8"); }
        return Parse(text, path);
    }

    public static Notebook Parse(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new NotebookException($"{path}: the file is empty");
        JsonNode? node;
        try { node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }); }
        catch (JsonException e)
        {
            throw new NotebookException($"{path}: not valid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}; " +
                                        "the file may be truncated or edited by hand");
        }
        if (node is not JsonObject root) throw new NotebookException($"{path}: the top level must be a JSON object (an .ipynb notebook)");
        if (root["nbformat"]?.GetValueKind() != JsonValueKind.Number || root["nbformat"]!.GetValue<double>() != 4)
            throw new NotebookException($"{path}: nbformat {root["nbformat"]?.ToJsonString() ?? "(missing)"} is not supported; " +
                                        "save the notebook in nbformat 4 (any current Jupyter or VS Code does)");
        if (root["cells"] is not JsonArray cellArray) throw new NotebookException($"{path}: there is no \"cells\" list");

        var defaultKernel = CellLanguage.NotebookDefault(root);
        var cells = new List<NotebookCell>();
        for (int i = 0; i < cellArray.Count; i++)
        {
            if (cellArray[i] is not JsonObject cell)
                throw new NotebookException($"{path}: cell {i + 1} is not a JSON object");
            cells.Add(new NotebookCell(cell, i + 1, defaultKernel, path));
        }
        return new Notebook(path, root, cells);
    }

    /// <summary>nbformat's own layout: one-space indent, UTF-8 without BOM, non-ASCII kept as is, final newline.</summary>
    public string ToJson()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Root.ToJsonString(options) + "\n";
    }

    public void Save(string path) => File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
}

/// <summary>One cell, backed by its JSON object.</summary>
public sealed class NotebookCell
{
    private readonly JsonObject node;

    internal NotebookCell(JsonObject node, int index, string defaultKernel, string path)
    {
        this.node = node;
        Index = index;
        CellType = node["cell_type"]?.GetValueKind() == JsonValueKind.String ? node["cell_type"]!.GetValue<string>() : "";
        if (CellType is not ("code" or "markdown" or "raw"))
            throw new NotebookException($"{path}: cell {index} has cell_type {node["cell_type"]?.ToJsonString() ?? "(missing)"}; it must be code, markdown or raw");
        Kernel = CellType == "code" ? CellLanguage.Resolve(node, Source, defaultKernel) : CellType;
    }

    /// <summary>1-based position among all cells, as an instructor counts them in an editor.</summary>
    public int Index { get; }

    public string CellType { get; }

    /// <summary>The resolved kernel of a code cell (e.g. "csharp", "fsharp"); the cell type otherwise.</summary>
    public string Kernel { get; }

    public bool IsCSharp => CellType == "code" && CellLanguage.IsCSharp(Kernel);

    public string? Id => node["id"]?.GetValueKind() == JsonValueKind.String ? node["id"]!.GetValue<string>() : null;

    /// <summary>The cell's metadata, created empty when missing (for writers).</summary>
    public JsonObject Metadata => node["metadata"] as JsonObject ?? (JsonObject)(node["metadata"] = new JsonObject());

    /// <summary>The cell's metadata as read, without creating it (reading must not change the notebook).</summary>
    public JsonObject? ExistingMetadata => node["metadata"] as JsonObject;

    /// <summary>The source text; nbformat allows a string or a list of lines.</summary>
    public string Source
    {
        get => node["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValueKind() == JsonValueKind.String ? l.GetValue<string>() : "")),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => "",
        };
        set
        {
            var lines = new JsonArray();
            foreach (var line in SplitLines(value)) lines.Add(line);
            node["source"] = lines;
        }
    }

    /// <summary>Clears outputs and the execution count, as a freshly released notebook has them.</summary>
    public void ClearOutputs()
    {
        if (CellType != "code") return;
        node["outputs"] = new JsonArray();
        node["execution_count"] = null;
    }

    /// <summary>Replaces the outputs of a code cell (nbformat output objects) and its execution count.</summary>
    public void SetOutputs(IEnumerable<JsonObject> outputs, int? executionCount)
    {
        node["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o).ToArray());
        node["execution_count"] = executionCount;
    }

    /// <summary>nbformat's multiline string: every line keeps its "\n" except the last.</summary>
    public static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        if (start < text.Length) yield return text[start..];
    }
}
