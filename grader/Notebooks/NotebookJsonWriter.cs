using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>
/// Writes a JSON tree the way the notebook's own editor would, so that a notebook read and written unchanged
/// comes back byte for byte, and a changed one differs only where it was changed (a clean diff for the student and
/// for git). Strings are escaped as CPython's json encoder does (Lib/json/encoder.py: \" \\ \b \f \n \r \t, other
/// control characters as lower-case \u00XX, everything else raw unless ensure_ascii), which is also what
/// JavaScript's JSON.stringify does; numbers keep the text they were read with (1.0, 1e-05 and -0.0 stay so).
/// </summary>
public sealed class NotebookJsonWriter(JsonLayout layout)
{
    private readonly StringBuilder output = new();

    public static string Write(JsonNode? root, JsonLayout layout)
    {
        var writer = new NotebookJsonWriter(layout);
        writer.Value(root, 0);
        if (layout.FinalNewLine) writer.output.Append(layout.NewLine);
        return writer.output.ToString();
    }

    private void Value(JsonNode? node, int depth)
    {
        switch (node)
        {
            case null: output.Append("null"); break;
            case JsonObject obj: Object(obj, depth); break;
            case JsonArray array: Array(array, depth); break;
            case JsonValue value: Scalar(value); break;
        }
    }

    private void Object(JsonObject obj, int depth)
    {
        if (obj.Count == 0) { output.Append("{}"); return; }
        IEnumerable<KeyValuePair<string, JsonNode?>> members = layout.SortKeys ? obj.OrderBy(m => m.Key, StringComparer.Ordinal) : obj;
        output.Append('{');
        bool first = true;
        foreach (var (name, value) in members)
        {
            if (!first) output.Append(layout.ItemSeparator);
            first = false;
            Break(depth + 1);
            String(name);
            output.Append(layout.KeySeparator);
            Value(value, depth + 1);
        }
        Break(depth);
        output.Append('}');
    }

    private void Array(JsonArray array, int depth)
    {
        if (array.Count == 0) { output.Append("[]"); return; }
        output.Append('[');
        for (int i = 0; i < array.Count; i++)
        {
            if (i > 0) output.Append(layout.ItemSeparator);
            Break(depth + 1);
            Value(array[i], depth + 1);
        }
        Break(depth);
        output.Append(']');
    }

    /// <summary>A line break and indentation, in the indented layouts only.</summary>
    private void Break(int depth)
    {
        if (layout.Indent is null) return;
        // An item separator of ", " leaves its space before the break, as Python 2's json did.
        output.Append(layout.NewLine);
        for (int i = 0; i < depth; i++) output.Append(layout.Indent);
    }

    private void Scalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                String(value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                // Read numbers are backed by their JsonElement, whose raw text is what the file said.
                output.Append(value.TryGetValue(out JsonElement element) ? element.GetRawText() : value.ToJsonString());
                break;
            case JsonValueKind.True: output.Append("true"); break;
            case JsonValueKind.False: output.Append("false"); break;
            default: output.Append("null"); break;
        }
    }

    private void String(string text)
    {
        output.Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            // Long runs of plain text (base64 images, big outputs) are copied whole.
            int plain = i;
            while (plain < text.Length && IsPlain(text[plain])) plain++;
            if (plain > i)
            {
                output.Append(text.AsSpan(i, plain - i));
                i = plain - 1;
                continue;
            }
            char c = text[i];
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (c < 0x20) Escape(c);
                    else if (layout.EnsureAscii && c > 0x7e) Escape(c);
                    else if (char.IsSurrogate(c) && !IsPairAt(text, i)) Escape(c); // UTF-8 cannot hold a lone surrogate; JSON.stringify escapes it too
                    else if (char.IsHighSurrogate(c)) { output.Append(c).Append(text[++i]); }
                    else output.Append(c);
                    break;
            }
        }
        output.Append('"');
    }

    private bool IsPlain(char c) => c >= 0x20 && c != '"' && c != '\\' && (c < 0x7f || !layout.EnsureAscii && !char.IsSurrogate(c));

    private static bool IsPairAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    private void Escape(char c) => output.Append("\\u").Append(((int)c).ToString(layout.UpperCaseHex ? "X4" : "x4"));
}
