using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Course.Grader.Notebooks;

namespace Course.Grader.Release;

/// <summary>
/// Turns a master notebook into the student's: solutions become stubs, hidden tests disappear, outputs are cleared,
/// the course library is referenced where the kit puts it, and locked cells carry the checksum of what the student
/// receives.
/// </summary>
public static partial class StudentVersion
{
    /// <summary>Where a released notebook (kit/notebooks/X.ipynb) finds the course library (kit/lib).</summary>
    public const string KitLibraryReference = "../lib/Course.Assignments.dll";

    // The master points at the instructor's build output; any #r of the course library is redirected.
    [GeneratedRegex(@"^(?<head>[ \t]*#r[ \t]+"")[^""\n]*Course\.Assignments\.dll(?<tail>""[ \t]*\r?)$", RegexOptions.Multiline)]
    private static partial Regex LibraryReference();

    /// <summary>The source a student receives for a cell. <paramref name="where"/> names the cell in errors.</summary>
    public static string ReleasedSource(NotebookCell cell, string where)
    {
        string source = cell.Source;
        if (cell.CellType != "code") return source;
        source = Regions.RemoveHiddenTests(source, where);
        if (SolutionStripper.HasSolution(source)) source = SolutionStripper.Strip(source, where);
        return LibraryReference().Replace(source, m => m.Groups["head"].Value + KitLibraryReference + m.Groups["tail"].Value);
    }

    /// <summary>Rewrites <paramref name="notebook"/> in place into its student version.</summary>
    public static void Apply(Notebook notebook, string name)
    {
        foreach (var cell in notebook.Cells)
        {
            string where = $"{name}, cell {cell.Index}";
            string released = ReleasedSource(cell, where);
            if (released != cell.Source) cell.Source = released;
            cell.ClearOutputs();
            if (CellMarkers.LockedId(cell) is not { } id) continue;
            Lock(cell, id, CellMarkers.Checksum(cell.CellType, released));
            // Jupyter honours these flags (VS Code does not); the grader restores locked cells either way.
            cell.Metadata["editable"] = false;
            cell.Metadata["deletable"] = false;
        }
    }

    /// <summary>Writes a locked cell's metadata as the grader reads it: id, locked, checksum.</summary>
    public static void Lock(NotebookCell cell, string id, string checksum)
    {
        var course = CourseMetadata(cell);
        course["id"] = id;
        course["locked"] = true;
        course["checksum"] = checksum;
    }

    /// <summary>The cell's <c>metadata.course</c> object, created when missing.</summary>
    public static JsonObject CourseMetadata(NotebookCell cell) =>
        cell.Metadata["course"] as JsonObject ?? (JsonObject)(cell.Metadata["course"] = new JsonObject());
}
