using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Grader.Notebooks;

/// <summary>
/// The roles an instructor gives cells, written twice: in cell metadata (<c>metadata.course</c>) and as a marker
/// comment in the cell's code, because editors have been known to drop custom metadata (microsoft/vscode-jupyter#5477)
/// and students copy cells around.
/// <list type="bullet">
/// <item>a graded unit: <c>"course": {"unit": "linear"}</c> and the line <c>// @unit linear</c>;</item>
/// <item>a locked cell: <c>"course": {"id": "setup", "locked": true, "checksum": "…"}</c> and the line
/// <c>// @locked setup</c>; restored from the master before grading.</item>
/// </list>
/// A locked cell's checksum is that of its RELEASED source (hidden tests removed, the library path rewritten), the
/// text a student receives: the release stamps it into the student notebook and <c>author --write</c> stamps the same
/// value into the master, so a student's cell can be compared with the master's metadata without releasing again.
/// </summary>
public static partial class CellMarkers
{
    [GeneratedRegex(@"^[ \t]*//[ \t]*@unit[ \t]+([A-Za-z0-9_\-]+)[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex UnitLine();

    [GeneratedRegex(@"^[ \t]*//[ \t]*@locked[ \t]+([A-Za-z0-9_\-]+)[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex LockedLine();

    public static string UnitMarker(string unit) => $"// @unit {unit}";

    public static string LockedMarker(string id) => $"// @locked {id}";

    /// <summary>Graded units named in a cell, by marker line or metadata.</summary>
    public static IReadOnlyList<string> Units(NotebookCell cell)
    {
        var found = new List<string>();
        foreach (Match m in UnitLine().Matches(MarkerText(cell)))
            if (!found.Contains(m.Groups[1].Value)) found.Add(m.Groups[1].Value);
        if (Course(cell)?["unit"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && !found.Contains(v.GetValue<string>()))
            found.Add(v.GetValue<string>());
        return found;
    }

    /// <summary>The locked-cell id of a cell, by marker line or metadata; null when the cell is not locked.</summary>
    public static string? LockedId(NotebookCell cell)
    {
        var marker = LockedLine().Match(MarkerText(cell));
        if (marker.Success) return marker.Groups[1].Value;
        var course = Course(cell);
        if (course?["locked"] is JsonValue locked && locked.GetValueKind() == JsonValueKind.True &&
            course["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
            return id.GetValue<string>();
        return null;
    }

    /// <summary>
    /// Where markers count: every line of a code cell (merged cells keep each unit's marker), but only the first
    /// non-blank line of a markdown or raw cell — a code cell turned into markdown keeps its marker on top, while a
    /// note that quotes a marker in a code block is not a graded cell.
    /// </summary>
    private static string MarkerText(NotebookCell cell) =>
        cell.CellType == "code" ? cell.Source : cell.Source.TrimStart().Split('\n', 2)[0];

    /// <summary>The checksum recorded in a cell's metadata, if any.</summary>
    public static string? RecordedChecksum(NotebookCell cell) =>
        Course(cell)?["checksum"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>
    /// SHA-256 (hex) of a cell's type and source, line endings normalised, so that an editor's CRLF or a trailing
    /// newline it adds does not count as an edit, and a cell turned from code into markdown does.
    /// </summary>
    public static string Checksum(string cellType, string source)
    {
        string normalised = source.Replace("\r\n", "\n").TrimEnd('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cellType + "\n" + normalised)));
    }

    public static string Checksum(NotebookCell cell) => Checksum(cell.CellType, cell.Source);

    /// <summary>Units named by marker lines only (authoring compares them with the metadata).</summary>
    public static IReadOnlyList<string> UnitMarkers(string source) =>
        UnitLine().Matches(source).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The unit named in metadata only, if any.</summary>
    public static string? MetadataUnit(NotebookCell cell) =>
        Course(cell)?["unit"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Locked ids named by marker lines only.</summary>
    public static IReadOnlyList<string> LockedMarkers(string source) =>
        LockedLine().Matches(source).Select(m => m.Groups[1].Value).ToList();

    /// <summary>Whether the metadata says locked, and the id it gives (null when it gives none).</summary>
    public static (bool Locked, string? Id) MetadataLock(NotebookCell cell)
    {
        var course = Course(cell);
        bool locked = course?["locked"] is JsonValue l && l.GetValueKind() == JsonValueKind.True;
        string? id = course?["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return (locked, id);
    }

    private static JsonObject? Course(NotebookCell cell) => cell.ExistingMetadata?["course"] as JsonObject;
}
