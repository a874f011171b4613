using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>
/// Notebook text → <see cref="Notebook"/>, checking the structure the grader relies on (nbformat 4, a list of
/// cells, each with a known type and text source) and no more: outputs and metadata are carried along unread, so an
/// editor's oddities there never cost a student their grade. Every failure is one line naming the file and cell.
/// </summary>
public static class NotebookParser
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = NotebookLimits.MaxDepth,
        // Otherwise a duplicate key surfaces later, as an exception from deep inside the tree.
        AllowDuplicateProperties = false,
    };

    public static Notebook Parse(string text, string path)
    {
        if (text.Length == 0) throw new NotebookException($"{path}: the file is empty; save the notebook again from your editor");
        if (string.IsNullOrWhiteSpace(text)) throw new NotebookException($"{path}: the file is empty (only white space); save the notebook again from your editor");
        JsonObject root = ParseJson(text, path);
        CheckText(root, path);
        CheckFormat(root, path);

        var defaultKernel = CellLanguage.NotebookDefault(root);
        var cellArray = (JsonArray)root["cells"]!;
        var cells = new List<NotebookCell>(cellArray.Count);
        int codeCells = 0;
        for (int i = 0; i < cellArray.Count; i++)
        {
            if (cellArray[i] is not JsonObject cell)
                throw new NotebookException($"{path}: cell {i + 1} is not a JSON object but {Describe(cellArray[i])}; the file was not written by a notebook editor");
            var parsed = new NotebookCell(cell, i + 1, defaultKernel, path);
            if (parsed.CellType == "code" && ++codeCells > NotebookLimits.MaxCodeCells)
                throw new NotebookException($"{path}: more than {NotebookLimits.MaxCodeCells} code cells ({cellArray.Count} cells in all); " +
                                            $"the grader takes at most {NotebookLimits.MaxCodeCells}: merge or delete cells");
            cells.Add(parsed);
        }
        var warnings = CellIds.Problems(cells).ToList();
        return new Notebook(path, root, cells, JsonLayout.Detect(text, root), text, warnings);
    }

    private static JsonObject ParseJson(string text, string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text, documentOptions: Options); }
        catch (JsonException e) when (e.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            throw new NotebookException($"{path}: the JSON is nested more than {NotebookLimits.MaxDepth} levels deep (line {e.LineNumber + 1}); this is not a notebook");
        }
        catch (JsonException e) when (e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
        {
            // System.Text.Json names the key in quotes but gives no position for this error.
            var key = System.Text.RegularExpressions.Regex.Match(e.Message, "'([^']*)'");
            throw new NotebookException($"{path}: a JSON object has the key {(key.Success ? $"\"{key.Groups[1].Value}\" " : "")}twice; " +
                                        "the file was edited by hand or corrupted: remove the repeated key");
        }
        catch (JsonException e)
        {
            // System.Text.Json's wording when the text stops inside an object, array or string.
            bool atEnd = e.Message.Contains("end of the JSON payload", StringComparison.Ordinal) || e.Message.Contains("end of data", StringComparison.Ordinal);
            throw new NotebookException($"{path}: not valid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}; " +
                                        (atEnd ? "the file seems truncated (an incomplete upload or save?): save or download it again"
                                               : "the file was edited outside a notebook editor: undo the edit or save it again from Jupyter or VS Code"));
        }
        return node as JsonObject
               ?? throw new NotebookException($"{path}: the top level is {Describe(node)}, but it must be a JSON object; this is not an .ipynb notebook");
    }

    /// <summary>
    /// JSON may spell half of a surrogate pair (<c>"\ud800"</c>), which is no text at all: System.Text.Json refuses
    /// to read it (lazily, wherever it is first touched) and UTF-8 cannot store it. Found here, once, with its cell.
    /// </summary>
    private static void CheckText(JsonObject root, string path)
    {
        JsonArray? cells = null;
        try
        {
            cells = root["cells"] as JsonArray;
            Visit(root);
        }
        catch (InvalidOperationException)
        {
            throw new NotebookException($"{path}: a text in the file has half of a UTF-16 surrogate pair (a broken \\u escape, e.g. of an emoji); " +
                                        "delete the broken character and save again");
        }
        for (int i = 0; i < (cells?.Count ?? 0); i++)
        {
            try { Visit(cells![i]); }
            catch (InvalidOperationException)
            {
                throw new NotebookException($"{path}: cell {i + 1} has half of a UTF-16 surrogate pair in its text (a broken \\u escape, e.g. of an emoji); " +
                                            "delete the broken character and save again");
            }
        }

        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                        if (!ReferenceEquals(value, cells)) Visit(value);
                    break;
                case JsonArray array:
                    if (ReferenceEquals(array, cells)) break;
                    foreach (var item in array) Visit(item);
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    break;
            }
        }
    }

    private static void CheckFormat(JsonObject root, string path)
    {
        var format = root["nbformat"];
        if (format is null)
            throw new NotebookException($"{path}: there is no \"nbformat\" field, so this is not a Jupyter notebook (or it was cut); save it again from Jupyter or VS Code");
        if (JsonRead.Number(format) != 4)
        {
            string hint = JsonRead.Number(format) < 4
                ? "open and save it in a current Jupyter or VS Code, which converts it to nbformat 4"
                : "save the notebook in nbformat 4 (any current Jupyter or VS Code does)";
            throw new NotebookException($"{path}: nbformat {format.ToJsonString()} is not supported; {hint}");
        }
        switch (root["cells"])
        {
            case null:
                throw new NotebookException($"{path}: there is no \"cells\" list; the file is not a complete nbformat 4 notebook");
            case JsonArray:
                break;
            case var other:
                throw new NotebookException($"{path}: \"cells\" is {Describe(other)}, but it must be a list of cells");
        }
    }

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "true/false",
    };
}
