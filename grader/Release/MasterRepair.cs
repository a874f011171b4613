using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Course.Grader.Notebooks;

namespace Course.Grader.Release;

/// <summary>
/// Repairs what <see cref="MasterCheck"/> marks repairable, in memory: the missing half of a unit or locked cell
/// (marker line or metadata), missing or duplicate cell ids, and locked cells' checksums (of their released source;
/// see <see cref="CellMarkers"/>). Contradictions (a marker and metadata naming different ids) are left to the
/// author, since either side could be the intended one.
/// </summary>
public static class MasterRepair
{
    /// <returns>What was changed, one line per change; empty when the notebook needed nothing.</returns>
    public static IReadOnlyList<string> Apply(Notebook notebook)
    {
        string name = Path.GetFileName(notebook.Path);
        var changes = new List<string>();
        var ids = new HashSet<string>();
        foreach (var cell in notebook.Cells)
        {
            string where = $"{name}, cell {cell.Index}";
            if (cell.Id is not { Length: > 0 } id || !ids.Add(id))
            {
                string fresh = FreshId(notebook);
                // The cell's JSON object is shared with the notebook's tree; set the id there.
                ((JsonObject)notebook.Root["cells"]![cell.Index - 1]!)["id"] = fresh;
                ids.Add(fresh);
                changes.Add($"{where}: gave the cell the id {fresh}");
            }
            RepairUnit(cell, where, changes);
            RepairLocked(cell, where, changes);
        }
        // Checksums last: they cover the source as the marker repairs left it.
        foreach (var cell in notebook.Cells)
        {
            // Only cells whose two halves agree: stamping must not overwrite an id the author has to choose.
            if (CellMarkers.LockedId(cell) is not { } lockedId || CellMarkers.MetadataLock(cell) != (true, lockedId)) continue;
            if (cell.CellType == "code" && Regions.Find(cell.Source).Problems.Count > 0) continue;
            string checksum = CellMarkers.Checksum(cell.CellType, StudentVersion.ReleasedSource(cell, $"{name}, cell {cell.Index}"));
            if (CellMarkers.RecordedChecksum(cell) == checksum) continue;
            StudentVersion.Lock(cell, lockedId, checksum);
            changes.Add($"{name}, cell {cell.Index}: stamped the checksum of locked cell \"{lockedId}\"");
        }
        return changes;
    }

    private static void RepairUnit(NotebookCell cell, string where, List<string> changes)
    {
        if (cell.CellType != "code") return;
        var markers = CellMarkers.UnitMarkers(cell.Source);
        string? metadata = CellMarkers.MetadataUnit(cell);
        if (markers.Count == 0 && metadata is not null)
        {
            cell.Source = WithFirstLine(cell.Source, CellMarkers.UnitMarker(metadata));
            changes.Add($"{where}: added the line `{CellMarkers.UnitMarker(metadata)}`");
        }
        else if (markers.Count == 1 && metadata is null)
        {
            StudentVersion.CourseMetadata(cell)["unit"] = markers[0];
            changes.Add($"{where}: added course.unit \"{markers[0]}\" to the metadata");
        }
    }

    private static void RepairLocked(NotebookCell cell, string where, List<string> changes)
    {
        var markers = CellMarkers.LockedMarkers(cell.Source);
        var (locked, metadataId) = CellMarkers.MetadataLock(cell);
        if (cell.CellType == "code" && markers.Count == 0 && locked && metadataId is not null)
        {
            cell.Source = WithFirstLine(cell.Source, CellMarkers.LockedMarker(metadataId));
            changes.Add($"{where}: added the line `{CellMarkers.LockedMarker(metadataId)}`");
        }
        else if (cell.CellType == "code" && markers.Count == 1 && (!locked || metadataId is null) && (metadataId is null || metadataId == markers[0]))
        {
            var course = StudentVersion.CourseMetadata(cell);
            course["id"] = markers[0];
            course["locked"] = true;
            changes.Add($"{where}: added course.id \"{markers[0]}\" and course.locked to the metadata");
        }
    }

    /// <summary>The marker as the cell's first line, after a kernel selector (<c>#!csharp</c>) if the cell starts
    /// with one: a selector is only read on the first line.</summary>
    private static string WithFirstLine(string source, string marker)
    {
        if (!source.StartsWith("#!", StringComparison.Ordinal)) return marker + "\n" + source;
        int end = source.IndexOf('\n');
        return end < 0 ? source + "\n" + marker : source[..(end + 1)] + marker + "\n" + source[(end + 1)..];
    }

    /// <summary>8 hex digits, as Jupyter and VS Code write cell ids, unused in this notebook.</summary>
    private static string FreshId(Notebook notebook)
    {
        while (true)
        {
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (notebook.Cells.All(c => c.Id != id)) return id;
        }
    }
}
