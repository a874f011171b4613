using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Grader.Release;

/// <summary>
/// Checks a master notebook for everything that would break its release or its grading: region markers, the two
/// halves (metadata and marker line) of unit and locked cells, ids, checksums, the units course.json expects, and
/// whether each released cell still parses.
/// </summary>
public static class MasterCheck
{
    /// <param name="homework">The homework that lists this notebook, if any: its units must match the cells'.</param>
    public static IReadOnlyList<AuthorProblem> Run(Notebook notebook, Homework? homework)
    {
        string name = Path.GetFileName(notebook.Path);
        var problems = new List<AuthorProblem>();
        void Add(int cell, int line, string message, bool repairable = false) =>
            problems.Add(new AuthorProblem(name, cell, line, message, repairable));

        var unitCells = new Dictionary<string, int>();
        var lockedCells = new Dictionary<string, int>();
        var cellIds = new Dictionary<string, int>();
        foreach (var cell in notebook.Cells)
        {
            int index = cell.Index;
            string source = cell.Source;
            CheckCellId(cell, cellIds, Add);

            var (regions, regionProblems) = Regions.Find(source);
            if (cell.CellType != "code")
            {
                foreach (var (line, i) in source.Split('\n').Select((l, i) => (l, i)).Where(p => Regions.IsMarker(p.l)))
                    Add(index, i + 1, $"`{line.Trim()}` in a {cell.CellType} cell: regions work only in code cells, this line would be released as is");
                regions = [];
            }
            else
                foreach (var p in regionProblems) Add(index, p.Line, p.Message);

            string? unit = CheckUnit(cell, Add);
            if (unit is not null)
            {
                if (unitCells.TryGetValue(unit, out int first)) Add(index, 0, $"unit \"{unit}\" is already the unit of cell {first}; each unit has one cell");
                else unitCells[unit] = index;
            }

            string? locked = CheckLocked(cell, Add);
            if (locked is not null)
            {
                if (lockedCells.TryGetValue(locked, out int first)) Add(index, 0, $"locked id \"{locked}\" is already used by cell {first}; give each locked cell its own id");
                else lockedCells[locked] = index;
                if (unit is not null) Add(index, 0, $"cell is both graded unit \"{unit}\" and locked \"{locked}\"; students must be able to edit a unit's cell");
                foreach (var r in regions.Where(r => r.Kind == RegionKind.Solution))
                    Add(index, r.BeginLine, "a solution region in a locked cell: students could not write the answer (the grader restores locked cells)");
            }
            else if (CellMarkers.LockedId(cell) is null && !CellMarkers.MetadataLock(cell).Locked)
                // (A cell meant to be locked but with a broken lock is reported above, not here.)
                foreach (var r in regions.Where(r => r.Kind == RegionKind.HiddenTests))
                    Add(index, r.BeginLine, "hidden tests outside a locked cell: students could delete or edit them unnoticed; lock the cell (`// @locked ID` and metadata)");

            if (cell.CellType != "code" || regionProblems.Count == 0)
            {
                string released = StudentVersion.ReleasedSource(cell, $"{name}, cell {index}");
                if (locked is not null) CheckChecksum(cell, released, Add);
                if (cell.IsCSharp) CheckParses(index, released, Path.GetDirectoryName(Path.GetFullPath(notebook.Path))!, Add);
            }
        }

        if (homework is not null)
        {
            var expected = homework.Units.Select(u => u.Id).ToList();
            foreach (var (unit, index) in unitCells.Where(kv => !expected.Contains(kv.Key)))
                Add(index, 0, $"unit \"{unit}\" is not a unit of homework \"{homework.Id}\" in course.json (its units: {string.Join(", ", expected)})");
            foreach (var unit in expected.Where(u => !unitCells.ContainsKey(u)))
                Add(0, 0, $"course.json's homework \"{homework.Id}\" grades unit \"{unit}\", but no cell is marked `{CellMarkers.UnitMarker(unit)}`");
        }
        return problems;
    }

    private static void CheckCellId(NotebookCell cell, Dictionary<string, int> seen, Action<int, int, string, bool> add)
    {
        if (cell.Id is not { Length: > 0 } id)
            add(cell.Index, 0, "the cell has no id (nbformat 4.5 requires one)", true);
        else if (seen.TryGetValue(id, out int first))
            add(cell.Index, 0, $"cell id \"{id}\" is also the id of cell {first}; ids must be unique", true);
        else
            seen[id] = cell.Index;
    }

    /// <summary>The cell's unit, when metadata and marker agree (or one is missing, which is repairable).</summary>
    private static string? CheckUnit(NotebookCell cell, Action<int, int, string, bool> add)
    {
        var markers = CellMarkers.UnitMarkers(cell.Source);
        string? metadata = CellMarkers.MetadataUnit(cell);
        int index = cell.Index;
        if (markers.Count == 0 && metadata is null) return null;
        if (cell.CellType != "code")
        {
            add(index, 0, $"unit \"{markers.FirstOrDefault() ?? metadata}\" on a {cell.CellType} cell; a unit is the code cell that declares its class", false);
            return null;
        }
        if (markers.Distinct().Count() > 1)
        {
            add(index, MarkerLine(cell.Source, "@unit", 2), $"several unit markers ({string.Join(", ", markers)}); one unit per cell", false);
            return null;
        }
        string? marker = markers.FirstOrDefault();
        if (marker is not null && metadata is not null && marker != metadata)
        {
            add(index, MarkerLine(cell.Source, "@unit", 1), $"the marker says unit \"{marker}\" but the metadata (course.unit) says \"{metadata}\"; make them the same", false);
            return null;
        }
        if (marker is null) add(index, 0, $"unit \"{metadata}\" is in the metadata only; add the line `{CellMarkers.UnitMarker(metadata!)}` (editors can drop metadata)", true);
        if (metadata is null) add(index, MarkerLine(cell.Source, "@unit", 1), $"unit \"{marker}\" has a marker line but no metadata (course.unit)", true);
        return marker ?? metadata;
    }

    /// <summary>The cell's locked id, when metadata and marker agree (or one is missing, which is repairable).</summary>
    private static string? CheckLocked(NotebookCell cell, Action<int, int, string, bool> add)
    {
        var markers = CellMarkers.LockedMarkers(cell.Source);
        var (locked, metadataId) = CellMarkers.MetadataLock(cell);
        int index = cell.Index;
        if (markers.Count == 0 && !locked) return null;
        if (markers.Count > 0 && cell.CellType != "code")
        {
            add(index, MarkerLine(cell.Source, "@locked", 1), $"a `// @locked` line in a {cell.CellType} cell would show as text; lock markdown cells by metadata only", false);
            return null;
        }
        if (markers.Distinct().Count() > 1)
        {
            add(index, MarkerLine(cell.Source, "@locked", 2), $"several locked markers ({string.Join(", ", markers)}); one id per cell", false);
            return null;
        }
        string? marker = markers.FirstOrDefault();
        if (marker is null && metadataId is null)
        {
            add(index, 0, "a locked cell without an id: give it `\"id\"` in metadata.course" + (cell.CellType == "code" ? " and the line `// @locked ID`" : ""), false);
            return null;
        }
        if (marker is not null && metadataId is not null && marker != metadataId)
        {
            add(index, MarkerLine(cell.Source, "@locked", 1), $"the marker says locked \"{marker}\" but the metadata (course.id) says \"{metadataId}\"; make them the same", false);
            return null;
        }
        if (marker is null && cell.CellType == "code")
            add(index, 0, $"locked cell \"{metadataId}\" is locked in the metadata only; add the line `{CellMarkers.LockedMarker(metadataId!)}`", true);
        if (!locked || metadataId is null)
            add(index, MarkerLine(cell.Source, "@locked", 1), $"locked cell \"{marker}\" has a marker line but no metadata (course.id, course.locked)", true);
        return marker ?? metadataId;
    }

    private static void CheckChecksum(NotebookCell cell, string released, Action<int, int, string, bool> add)
    {
        string expected = CellMarkers.Checksum(cell.CellType, released);
        string? recorded = CellMarkers.RecordedChecksum(cell);
        if (recorded is null) add(cell.Index, 0, "locked cell without a checksum", true);
        else if (recorded != expected) add(cell.Index, 0, "the locked cell's checksum does not match its released source (the cell was edited since it was stamped)", true);
    }

    /// <summary>A released cell that no longer parses (a stub placed where no statement may stand, say) would
    /// break every student's notebook. Syntax only: compiling needs the worker, which the kit test exercises.</summary>
    private static void CheckParses(int index, string released, string directory, Action<int, int, string, bool> add)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script);
        // Notebook directives (#!csharp, #r) are not C#: blanked as the grader's intake does, lines kept.
        var tree = CSharpSyntaxTree.ParseText(Intake.Directives(released, index, directory).Code, options);
        var error = tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null)
            add(index, 0, $"the released cell would not compile: its line {error.Location.GetLineSpan().StartLinePosition.Line + 1}: {error.Id} {error.GetMessage()}", false);
    }

    /// <summary>The 1-based line of the <paramref name="occurrence"/>-th marker line of a kind (0 if absent).</summary>
    private static int MarkerLine(string source, string kind, int occurrence)
    {
        var lines = source.Split('\n');
        int seen = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string t = lines[i].Trim();
            if (t.StartsWith("//") && t[2..].TrimStart().StartsWith(kind) && ++seen == occurrence) return i + 1;
        }
        return 0;
    }
}
