using System.Text.Json.Nodes;

namespace Course.Grader.Notebooks;

/// <summary>
/// How a notebook file was laid out by the editor that wrote it, so that writing it back changes only what was
/// edited. Jupyter (nbformat) writes <c>json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)</c> + "\n";
/// VS Code's ipynb extension writes <c>JSON.stringify(sortedRecursively, undefined, detectedIndent)</c> + "\n"
/// with a one-space default. Both sort keys and escape strings alike; they differ in indentation at most.
/// </summary>
public sealed record JsonLayout(
    string? Indent,
    string NewLine,
    string ItemSeparator,
    string KeySeparator,
    bool FinalNewLine,
    bool SortKeys,
    bool EnsureAscii,
    bool UpperCaseHex)
{
    /// <summary>nbformat's own layout, for notebooks the framework creates.</summary>
    public static JsonLayout Nbformat { get; } = new(" ", "\n", ",", ": ", true, true, false, false);

    /// <summary>The layout of <paramref name="text"/>, parsed as <paramref name="root"/>.</summary>
    public static JsonLayout Detect(string text, JsonNode root)
    {
        int newline = text.IndexOf('\n');
        bool multiLine = newline >= 0 && newline < text.TrimEnd().Length;
        string newLine = newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
        string? indent = multiLine ? LeadingWhitespace(text, newline + 1) : null;
        if (indent == "") indent = multiLine ? Nbformat.Indent : null;
        var (item, key) = Separators(text, multiLine);
        var (ensureAscii, upperHex) = Escapes(text);
        return new JsonLayout(indent, newLine, item, key, text.EndsWith('\n'), KeysSorted(root), ensureAscii, upperHex);
    }

    private static string LeadingWhitespace(string text, int start)
    {
        int end = start;
        while (end < text.Length && text[end] is ' ' or '\t') end++;
        return text[start..end];
    }

    /// <summary>
    /// The text after the first comma and colon outside strings: "," or ", " (Python 2's json wrote ", " even
    /// before a line break) and ": " or ":".
    /// </summary>
    private static (string Item, string Key) Separators(string text, bool multiLine)
    {
        string? item = null, key = null;
        bool inString = false;
        for (int i = 0; i < text.Length && (item is null || key is null); i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == ',' && item is null) item = text.Length > i + 1 && text[i + 1] == ' ' ? ", " : ",";
            else if (c == ':' && key is null) key = text.Length > i + 1 && text[i + 1] == ' ' ? ": " : ":";
        }
        return (item ?? (multiLine ? "," : ", "), key ?? ": ");
    }

    /// <summary>
    /// Whether non-ASCII text was escaped (Python's default ensure_ascii=True, which nbformat turns off) and whether
    /// \u escapes use upper-case hex digits (System.Text.Json does; Python and JavaScript do not).
    /// </summary>
    private static (bool EnsureAscii, bool UpperHex) Escapes(string text)
    {
        bool escapedNonAscii = false, rawNonAscii = false, upper = false, lower = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > 0x7f) { rawNonAscii = true; continue; }
            if (c != '\\' || i + 1 >= text.Length) continue;
            if (text[i + 1] == 'u' && i + 5 < text.Length)
            {
                string hex = text.Substring(i + 2, 4);
                if (int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out int code) && code > 0x7f) escapedNonAscii = true;
                upper |= hex.Any(char.IsAsciiLetterUpper);
                lower |= hex.Any(char.IsAsciiLetterLower);
            }
            i++;
        }
        return (escapedNonAscii && !rawNonAscii, upper && !lower);
    }

    private static bool KeysSorted(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                string? previous = null;
                foreach (var (name, value) in obj)
                {
                    if (previous is not null && string.CompareOrdinal(previous, name) > 0) return false;
                    previous = name;
                    if (!KeysSorted(value)) return false;
                }
                return true;
            case JsonArray array:
                foreach (var item in array)
                    if (!KeysSorted(item)) return false;
                return true;
            default:
                return true;
        }
    }
}
