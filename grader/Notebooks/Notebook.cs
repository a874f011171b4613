using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>A notebook that cannot be read; the message names the file and what is wrong.</summary>
public sealed class NotebookException(string message) : Exception(message);

/// <summary>
/// An nbformat 4 notebook as JSON. The JSON tree is kept whole, so metadata the grader does not know survives a
/// rewrite; cells are views onto it. Written back in the layout it was read in (<see cref="JsonLayout"/>), so an
/// unchanged notebook comes back byte for byte.
/// </summary>
public sealed class Notebook
{
    private readonly string? originalText;

    internal Notebook(string path, JsonObject root, List<NotebookCell> cells, JsonLayout layout, string? originalText, List<string> warnings)
    {
        Path = path;
        Root = root;
        Cells = cells;
        Layout = layout;
        Warnings = warnings;
        this.originalText = originalText;
    }

    public string Path { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>How the file was written (indentation, key order, escapes), and how it will be written back.</summary>
    public JsonLayout Layout { get; }

    /// <summary>Things the grader tolerates but nbformat's validator would not (e.g. duplicate cell ids).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads an .ipynb file, or a Polyglot .dib file as the nbformat 4.5 notebook it stands for.</summary>
    public static Notebook Load(string path)
    {
        string text = NotebookFile.ReadText(path);
        return path.EndsWith(".dib", StringComparison.OrdinalIgnoreCase) ? DibReader.Read(text, path) : Parse(text, path);
    }

    public static Notebook Parse(string text, string path) => NotebookParser.Parse(text, path);

    /// <summary>
    /// The notebook as its editor would write it. A changed nbformat 4.5 notebook also gets a valid, unique id for
    /// every cell (the format requires them, and Jupyter adds them on save); an unchanged one is left as it was.
    /// </summary>
    public string ToJson()
    {
        string text = NotebookJsonWriter.Write(Root, Layout);
        if (text == originalText) return text;
        bool requiresIds = JsonRead.Number(Root, "nbformat_minor") >= 5;
        if (requiresIds && Root["cells"] is JsonArray cells && CellIds.Repair(cells)) text = NotebookJsonWriter.Write(Root, Layout);
        return text;
    }

    public void Save(string path) => File.WriteAllText(path, ToJson(), new UTF8Encoding(false));

    /// <summary>
    /// Fails unless the notebook has C# code to grade or run: a Python notebook (the wrong homework, or the wrong
    /// kernel chosen), or one with no code cells at all, gets one line saying so instead of an empty score table.
    /// </summary>
    public void RequireCSharpCode()
    {
        var code = Cells.Where(c => c.CellType == "code").ToList();
        if (code.Any(c => c.IsCSharp)) return;
        string? kernel = JsonRead.String(Root, "metadata", "kernelspec", "name");
        string? language = JsonRead.String(Root, "metadata", "kernelspec", "language");
        if ((kernel ?? "").Contains("python", StringComparison.OrdinalIgnoreCase) || "python".Equals(language, StringComparison.OrdinalIgnoreCase))
            throw new NotebookException($"{Path}: this is a Python notebook (kernel {kernel ?? language}); the course grades C# notebooks: " +
                                        "open the course's notebook with the .NET (C#) kernel and submit that");
        if (code.Count == 0)
            throw new NotebookException($"{Path}: the notebook has no code cells, so there is nothing to grade; is this the right file?");
        throw new NotebookException($"{Path}: none of its {code.Count} code cells is C# (they are {string.Join(", ", code.Select(c => c.Kernel).Distinct())}); " +
                                    "the course grades C# cells: set the cells' language to C#");
    }
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
            throw new NotebookException(node["cell_type"] is null
                ? $"{path}: cell {index} has no cell_type; it must be code, markdown or raw"
                : $"{path}: cell {index} has cell_type {node["cell_type"]!.ToJsonString()}; it must be code, markdown or raw");
        if (SourceProblem(node["source"]) is { } problem)
            throw new NotebookException($"{path}: cell {index}: {problem}; it must be text or a list of lines of text (re-save the notebook in Jupyter or VS Code)");
        Kernel = CellType == "code" ? CellLanguage.Resolve(node, Source, defaultKernel) : CellType;
    }

    private static string? SourceProblem(JsonNode? source) => source switch
    {
        null => null, // nbformat requires it, but an absent source is simply an empty cell
        JsonValue v when v.GetValueKind() == JsonValueKind.String => null,
        JsonArray lines when lines.All(IsText) => null,
        JsonArray lines => $"line {lines.ToList().FindIndex(l => !IsText(l)) + 1} of its source is {Kind(lines.First(l => !IsText(l)))}, not text",
        _ => $"its source is {Kind(source)}",
    };

    private static bool IsText(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String;

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "a string",
    };

    /// <summary>1-based position among all cells, as an instructor counts them in an editor.</summary>
    public int Index { get; }

    public string CellType { get; }

    /// <summary>The resolved kernel of a code cell (e.g. "csharp", "fsharp"); the cell type otherwise.</summary>
    public string Kernel { get; }

    public bool IsCSharp => CellType == "code" && CellLanguage.IsCSharp(Kernel);

    public string? Id => node["id"]?.GetValueKind() == JsonValueKind.String ? node["id"]!.GetValue<string>() : null;

    /// <summary>An id that is there but not a string (nbformat's validator rejects it; grading does not care).</summary>
    public bool HasNonTextId => node["id"] is { } id && id.GetValueKind() != JsonValueKind.String;

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
