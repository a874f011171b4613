using System.Text.Json.Nodes;
using Course.Grader.Notebooks;
using Course.Grader.Release;

namespace Course.Grader.Pipeline;

/// <summary>A graded unit and the class students write for it.</summary>
public sealed record UnitClass(string Id, string ClassName);

/// <summary>
/// The notebook as it will be graded, and every repair made to it. <see cref="UnitCells"/> maps each unit found to
/// the (repaired notebook's) cell that declares its class; <see cref="MissingUnits"/> lists those with no cell.
/// </summary>
public sealed record Reconciliation(
    Notebook Notebook,
    IReadOnlyList<string> Repairs,
    IReadOnlyDictionary<string, int> UnitCells,
    IReadOnlyList<string> MissingUnits);

/// <summary>
/// Grades what students hand in rather than what they were given. Editors and students reorder, split, merge,
/// duplicate and delete cells, turn code into markdown, edit cells they were told not to touch, and drop metadata.
/// Before grading, this step puts the notebook back into a gradable shape, the way nbgrader's OverwriteCells does but
/// tolerant of more: locked cells are restored from the master (and put back where the master has them relative to
/// the graded cells), graded cells turned into markdown become code again, and each unit is found by its marker, its
/// metadata or, failing both, by the class it must declare. Every repair is reported; the notebook is beyond repair
/// only when none of the homework's cells can be found at all.
/// </summary>
public static class Reconciler
{
    public static Reconciliation Reconcile(Notebook student, Notebook? master, IReadOnlyList<UnitClass> units)
    {
        var repairs = new List<string>();
        var root = (JsonObject)student.Root.DeepClone();
        var cells = (JsonArray)root["cells"]!;
        bool renumbered = false;

        // 1. Cells that carry a role but lost their type (a unit or locked cell turned into markdown or raw).
        var view = Reparse(root, student.Path);
        foreach (var cell in view.Cells.Where(c => c.CellType != "code"))
            if (CellMarkers.Units(cell).Count > 0 || CellMarkers.LockedId(cell) is not null)
            {
                MakeCode((JsonObject)cells[cell.Index - 1]!);
                repairs.Add($"cell {cell.Index} is a {cell.CellType} cell but holds {Role(cell)}; it was turned back into a code cell");
            }

        // 2. Locked cells, restored from the master.
        if (master is not null) renumbered |= RestoreLocked(root, master, student.Path, repairs);

        // 3. Graded units: by marker or metadata, else by the class they declare.
        view = Reparse(root, student.Path);
        var declared = DeclaredClasses.ByName(view.Cells.Where(c => c.IsCSharp).Select(c => (c.Index, c.Source)));
        var masterIds = master?.Cells.Where(c => c.Id is not null).SelectMany(c => CellMarkers.Units(c).Select(u => (Unit: u, Id: c.Id!)))
                            .GroupBy(x => x.Unit).ToDictionary(g => g.Key, g => g.First().Id) ?? [];
        var unitCells = new Dictionary<string, int>();
        var missing = new List<string>();
        foreach (var unit in units)
        {
            var marked = view.Cells.Where(c => c.IsCSharp && CellMarkers.Units(c).Contains(unit.Id)).Select(c => c.Index).ToList();
            if (marked.Count == 0 && masterIds.TryGetValue(unit.Id, out var masterId) &&
                view.Cells.FirstOrDefault(c => c.IsCSharp && c.Id == masterId && CellMarkers.Units(c).Count == 0) is { } byId)
            {
                marked.Add(byId.Index);
                repairs.Add($"unit {unit.Id}: its marker line `{CellMarkers.UnitMarker(unit.Id)}` is gone; found its cell {byId.Index} by the cell's id");
            }
            declared.TryGetValue(unit.ClassName, out var declaring);
            if (marked.Count == 0 && declaring is null)
            {
                missing.Add(unit.Id);
                continue;
            }
            if (marked.Count == 0)
            {
                unitCells[unit.Id] = declaring![^1];
                repairs.Add($"unit {unit.Id}: no cell is marked `{CellMarkers.UnitMarker(unit.Id)}`; graded class {unit.ClassName} from cell {declaring[^1]}");
                continue;
            }
            if (declaring is not null && !marked.Contains(declaring[^1]))
            {
                // A split cell: the marker stayed above, the class went below. Compile errors belong to the class.
                unitCells[unit.Id] = declaring[^1];
                repairs.Add($"unit {unit.Id}: class {unit.ClassName} is declared in cell {declaring[^1]}, not in the cell marked for it " +
                            $"({string.Join(", ", marked)}); graded from cell {declaring[^1]}");
                continue;
            }
            unitCells[unit.Id] = declaring is not null ? declaring[^1] : marked[^1];
        }
        foreach (var group in unitCells.GroupBy(kv => kv.Value).Where(g => g.Count() > 1))
            repairs.Add($"cell {group.Key} holds the units {string.Join(", ", group.Select(kv => kv.Key))} (merged cells?); each is graded from it");

        if (units.Count > 0 && missing.Count == units.Count)
            throw new UngradableException(
                $"{student.Path}: none of the homework's graded cells were found (no `// @unit …` markers and no class " +
                $"{string.Join(", ", units.Select(u => u.ClassName).Take(6))}{(units.Count > 6 ? ", …" : "")}); " +
                "is this the right notebook? Start again from the released notebook and copy your code into its cells");
        if (renumbered)
            repairs.Add("cells were restored or moved, so the cell numbers in this report count the repaired notebook");
        return new Reconciliation(view, repairs, unitCells, missing);
    }

    /// <summary>
    /// Puts every locked cell of the master into the student's notebook: its source replaced by the master's, a
    /// missing one inserted, duplicates removed, and each placed right after the cell the master has before it.
    /// Returns whether cells were inserted, removed or moved.
    /// </summary>
    private static bool RestoreLocked(JsonObject root, Notebook master, string path, List<string> repairs)
    {
        var cells = (JsonArray)root["cells"]!;
        bool renumbered = false;
        var anchors = new List<string>(); // the master's locked cells and units met so far, in order
        foreach (var masterCell in master.Cells)
        {
            string? lockedId = CellMarkers.LockedId(masterCell);
            if (lockedId is null)
            {
                anchors.AddRange(CellMarkers.Units(masterCell).Select(u => "unit:" + u));
                continue;
            }
            var restored = (JsonObject)((JsonArray)master.Root["cells"]!)[masterCell.Index - 1]!.DeepClone();
            if (restored["cell_type"]?.GetValue<string>() == "code") MakeCode(restored);
            // Hidden tests are the instructor's checks of the master (they run when the master is run); grading
            // scores units through the harness, so compiling them would only risk showing a student their text.
            if (Regions.HasHiddenTests(masterCell.Source))
                restored["source"] = new JsonArray(NotebookCell.SplitLines(Regions.RemoveHiddenTests(masterCell.Source, $"the master, cell {masterCell.Index}"))
                    .Select(l => (JsonNode)l).ToArray());
            var view = Reparse(root, path);
            // By marker or metadata; else by the cell id the release kept (an editor may drop metadata, a student the marker).
            var copies = view.Cells.Where(c => CellMarkers.LockedId(c) == lockedId).ToList();
            if (copies.Count == 0 && masterCell.Id is { } masterId)
                copies = view.Cells.Where(c => c.Id == masterId && CellMarkers.Units(c).Count == 0).Take(1).ToList();
            if (copies.Count == 0)
            {
                int at = InsertionPoint(view, anchors, exclude: -1);
                cells.Insert(at, restored);
                renumbered = true;
                repairs.Add($"the locked cell \"{lockedId}\" was missing; restored from the master as cell {at + 1}");
            }
            else
            {
                var kept = copies[0];
                if (Edited(kept, masterCell))
                    repairs.Add($"cell {kept.Index} is the locked cell \"{lockedId}\" and was edited; your changes were replaced by the original");
                foreach (var duplicate in copies.Skip(1).Reverse())
                {
                    cells.RemoveAt(duplicate.Index - 1);
                    renumbered = true;
                    repairs.Add($"cell {duplicate.Index} was a copy of the locked cell \"{lockedId}\" (cell {kept.Index}); the copy was removed");
                }
                // The student's cell keeps its id and place; its content is the master's.
                int now = kept.Index - 1;
                if (cells[now]!["id"] is { } id) restored["id"] = id.DeepClone();
                cells[now] = restored;

                view = Reparse(root, path);
                int want = InsertionPoint(view, anchors, exclude: now);
                bool beforeItsAnchor = anchors.Count > 0 && want > now + 1;
                bool belowCode = anchors.Count == 0 && want < now && view.Cells.Skip(want).Take(now - want).Any(c => c.CellType == "code");
                if (beforeItsAnchor || belowCode)
                {
                    // Code that depends on it would run first; a cell merely further down than needed stays put.
                    cells.RemoveAt(now);
                    cells.Insert(want > now ? want - 1 : want, restored);
                    renumbered = true;
                    repairs.Add($"the locked cell \"{lockedId}\" (cell {now + 1}) was out of place; it was put back " +
                                (anchors.Count == 0 ? "before the first code cell" : $"after {Describe(anchors[^1])}"));
                }
            }
            anchors.Add("locked:" + lockedId);
        }
        return renumbered;
    }

    /// <summary>Whether the student's copy differs from every untouched form it may have: the checksum recorded
    /// at release, the master's cell as released, or the master's cell itself (a notebook made from the master).</summary>
    private static bool Edited(NotebookCell copy, NotebookCell masterCell)
    {
        string current = CellMarkers.Checksum(copy);
        return CellMarkers.RecordedChecksum(copy) != current
               && CellMarkers.Checksum(masterCell.CellType, StudentVersion.ReleasedSource(masterCell, $"the master, cell {masterCell.Index}")) != current
               && CellMarkers.Checksum(masterCell) != current;
    }

    /// <summary>
    /// Where a locked cell belongs: right after the student's copy of the latest anchor the master has before it
    /// (an anchor whose cell the student deleted is skipped), or before the first code cell when it has none.
    /// </summary>
    private static int InsertionPoint(Notebook view, IReadOnlyList<string> anchors, int exclude)
    {
        for (int k = anchors.Count - 1; k >= 0; k--)
        {
            var match = view.Cells.LastOrDefault(c => c.Index - 1 != exclude && Matches(c, anchors[k]));
            if (match is not null) return match.Index;
        }
        var firstCode = view.Cells.FirstOrDefault(c => c.Index - 1 != exclude && c.CellType == "code");
        return firstCode is null ? 0 : firstCode.Index - 1;
    }

    private static bool Matches(NotebookCell cell, string anchor) =>
        anchor.StartsWith("locked:", StringComparison.Ordinal)
            ? CellMarkers.LockedId(cell) == anchor[7..]
            : CellMarkers.Units(cell).Contains(anchor[5..]);

    private static string Describe(string anchor) =>
        anchor.StartsWith("locked:", StringComparison.Ordinal) ? $"the locked cell \"{anchor[7..]}\"" : $"the cell of unit {anchor[5..]}";

    private static string Role(NotebookCell cell) =>
        CellMarkers.LockedId(cell) is { } id ? $"the locked cell \"{id}\"" : $"unit {string.Join(", ", CellMarkers.Units(cell))}";

    private static void MakeCode(JsonObject cell)
    {
        cell["cell_type"] = "code";
        cell.Remove("attachments");
        cell["outputs"] = new JsonArray();
        cell["execution_count"] = null;
    }

    private static Notebook Reparse(JsonObject root, string path) => Notebook.Parse(root.ToJsonString(), path);
}
