using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Grader.Notebooks;

/// <summary>
/// Cell ids as nbformat 4.5 defines them: required, 1–64 characters of <c>[a-zA-Z0-9-_]</c>, unique in the notebook.
/// Editors get this wrong (missing ids on markdown cells, ids copied with a cell), and the grader does not need
/// ids to grade, so reading only warns; a notebook the framework changes and writes gets valid ids.
/// </summary>
public static partial class CellIds
{
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex Valid();

    public static bool IsValid(string id) => Valid().IsMatch(id);

    /// <summary>Warnings about ids that nbformat's validator would reject; missing ids are not worth a word.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<NotebookCell> cells)
    {
        var firstCellOf = new Dictionary<string, int>();
        foreach (var cell in cells)
        {
            if (cell.HasNonTextId)
                yield return $"cell {cell.Index}: its id is not text; ignored";
            if (cell.Id is not { } id) continue;
            if (!IsValid(id))
                yield return $"cell {cell.Index}: id \"{id}\" is not a valid nbformat cell id (1–64 letters, digits, - or _); ignored";
            else if (firstCellOf.TryGetValue(id, out int first))
                yield return $"cell {cell.Index}: id \"{id}\" is also the id of cell {first}; ids are not used for grading, so both are graded";
            else
                firstCellOf[id] = cell.Index;
        }
    }

    /// <summary>
    /// Gives every cell that lacks a valid, unique id a new one (8 hex digits, as Jupyter and VS Code make them),
    /// derived from the cell's position and source so the same notebook always gets the same ids.
    /// Returns whether anything changed.
    /// </summary>
    public static bool Repair(JsonArray cells)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        bool changed = false;
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell) continue;
            string? id = cell["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (id is not null && IsValid(id) && taken.Add(id)) continue;
            string fresh = New(i, cell["source"]?.ToJsonString() ?? "", taken);
            taken.Add(fresh);
            cell["id"] = fresh;
            changed = true;
        }
        return changed;
    }

    public static string New(int position, string seed, IReadOnlySet<string> taken)
    {
        for (int attempt = 0; ; attempt++)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{position}/{attempt}/{seed}"));
            string id = Convert.ToHexStringLower(hash)[..8];
            if (!taken.Contains(id)) return id;
        }
    }
}
