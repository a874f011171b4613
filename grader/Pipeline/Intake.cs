using System.Text.Json;
using System.Text.RegularExpressions;
using Course.Grader.Notebooks;
using Course.Grader.Protocol;

namespace Course.Grader.Pipeline;

/// <summary>What the notebook hands to the compiler: its C# cells, where each graded unit lives, and problems.</summary>
public sealed record IntakeResult(
    IReadOnlyList<SourceCell> Cells,
    IReadOnlyDictionary<string, int> UnitCells,
    IReadOnlyList<Diagnostic> Problems,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<int, IReadOnlyList<string>>? CellWarnings = null);

/// <summary>A cell's code after its directives were vetted: what to compile, what is wrong, what to tell its reader.</summary>
public sealed record DirectiveResult(string Code, IReadOnlyList<Diagnostic> Problems, IReadOnlyList<string> Warnings);

/// <summary>
/// Takes a notebook's C# code cells and vets their directives. Notebook directives are not C#: the lines the
/// course allows (its own library and the chart packages of <see cref="PackageAllowlist"/>, the C# kernel selector,
/// #!time) are blanked — keeping line numbers — because the worker references those libraries itself; <c>#load</c> of
/// a .csx/.cs file in the notebook's folder tree stays, with its path made absolute; any other directive rejects its
/// cell with a message naming cell and line.
/// Graded units are found by a marker line <c>// @unit ID</c> (which survives editors that drop metadata) or by
/// <c>metadata.course.unit</c>.
/// </summary>
public static partial class Intake
{
    private static readonly HashSet<string> BlankedMagics = new(StringComparer.OrdinalIgnoreCase) { "#!csharp", "#!c#", "#!cs", "#!time" };

    [GeneratedRegex(@"^#r\s+""(?<ref>[^""]*)""\s*$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^#load\s+""(?<path>[^""]*)""\s*$")]
    private static partial Regex Load();

    public static IntakeResult Run(Notebook notebook)
    {
        var cells = new List<SourceCell>();
        var units = new Dictionary<string, int>();
        var problems = new List<Diagnostic>();
        var warnings = new List<string>();
        var cellWarnings = new Dictionary<int, IReadOnlyList<string>>();
        string directory = Path.GetDirectoryName(Path.GetFullPath(notebook.Path))!;
        foreach (var cell in notebook.Cells)
        {
            if (cell.CellType != "code") continue;
            if (!cell.IsCSharp)
            {
                warnings.Add($"cell {cell.Index}: a {cell.Kernel} cell, skipped (only C# cells are run)");
                continue;
            }
            string source = cell.Source;
            foreach (string unit in CellMarkers.Units(cell))
            {
                if (units.TryGetValue(unit, out int first))
                    warnings.Add($"cell {cell.Index}: unit \"{unit}\" is also marked in cell {first}; the later cell's class is graded");
                units[unit] = cell.Index;
            }
            var directives = Directives(source, cell.Index, directory);
            problems.AddRange(directives.Problems);
            if (directives.Warnings.Count > 0) cellWarnings[cell.Index] = directives.Warnings;
            if (directives.Problems.Count == 0) cells.Add(new SourceCell(cell.Index, directives.Code));
        }
        warnings.AddRange(Redeclarations(cells));
        return new IntakeResult(cells, units, problems, warnings, cellWarnings);
    }

    /// <summary>
    /// Classes declared in more than one cell. As in a notebook kernel, the last declaration is the one in force,
    /// and it is the one graded; a student who pasted an old version further down should hear about it.
    /// </summary>
    private static IEnumerable<string> Redeclarations(IEnumerable<SourceCell> cells)
    {
        var cellsOf = DeclaredClasses.ByName(cells.Select(c => (c.Index, c.Code)));
        return cellsOf.Where(kv => kv.Value.Count > 1).Select(kv =>
            $"class {kv.Key} is declared in cells {string.Join(", ", kv.Value)}: the last one (cell {kv.Value[^1]}) is the one graded");
    }

    /// <summary>Blanks the allowed directive lines, makes #load paths absolute, reports the others.
    /// <paramref name="notebookDirectory"/> is the folder tree #load may read from.</summary>
    public static DirectiveResult Directives(string source, int cellIndex, string notebookDirectory)
    {
        var problems = new List<Diagnostic>();
        var warnings = new List<string>();
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            // C#'s own preprocessor lines (#region, #if, #nullable …) fall through to the last branch untouched.
            string line = lines[i].TrimEnd('\r').Trim();
            if (!line.StartsWith('#')) continue;
            string? problem = null;
            string replacement = "";
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                if (!BlankedMagics.Contains(line.Split(' ')[0]))
                    problem = $"the magic command `{line}` is not supported: the grader runs C# only (#!csharp and #!time are allowed); remove the line";
            }
            else if (line.StartsWith("#r ", StringComparison.Ordinal) || line == "#r")
            {
                problem = CheckReference(line, out string? warning);
                if (warning is not null) warnings.Add(warning);
            }
            else if (line.StartsWith("#i ", StringComparison.Ordinal))
            {
                problem = "`#i` (package sources) is not supported: the grader never downloads packages; remove the line";
            }
            else if (line.StartsWith("#load", StringComparison.Ordinal))
            {
                problem = CheckLoad(line, notebookDirectory, out string? absolute);
                if (absolute is not null) replacement = $"#load \"{absolute}\"";
            }
            else if (line.StartsWith("#:", StringComparison.Ordinal))
            {
                problem = $"`{line}` is a directive of file-based apps (dotnet run app.cs), not of notebooks: packages come from " +
                          "#r \"nuget: …\" of the allowed ones; remove the line";
            }
            else if (line.StartsWith("#pragma", StringComparison.Ordinal))
            {
                problem = "`#pragma` is not allowed in graded notebooks: remove the line";
            }
            else
            {
                continue;
            }
            if (problem is not null)
                problems.Add(new Diagnostic(cellIndex, i + 1, 1, true, "DIRECTIVE", problem));
            lines[i] = replacement;
        }
        return new DirectiveResult(string.Join('\n', lines), problems, warnings);
    }

    private static string? CheckReference(string line, out string? warning)
    {
        warning = null;
        var match = Reference().Match(line);
        if (!match.Success) return $"cannot read the directive `{line}`; write #r \"nuget: Plotly.NET.CSharp\" or #r \"…/Course.Assignments.dll\"";
        string reference = match.Groups["ref"].Value.Trim();
        if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = reference[6..].Split(',', 2);
            string package = parts[0].Trim();
            if (!PackageAllowlist.Allows(package))
                return $"the package {package} is not available to notebooks here (allowed: {string.Join(", ", PackageAllowlist.Names)}); remove the line";
            string requested = parts.Length > 1 ? parts[1].Trim() : "";
            string? installed = PackageAllowlist.InstalledVersion(package);
            if (requested.Length > 0 && requested != "*" && installed is not null && requested != installed)
                warning = $"warning: {package} {requested} was requested; the installed {package} {installed} is used instead (packages are never downloaded)";
            return null;
        }
        return Path.GetFileName(reference.Replace('\\', '/')).Equals("Course.Assignments.dll", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"`{line}` references a file; notebooks may only reference the course library (Course.Assignments.dll) or #r \"nuget: …\" of {string.Join(", ", PackageAllowlist.Names)}";
    }

    /// <summary>A #load of a .csx/.cs file inside the notebook's folder tree: its absolute path, or the problem.</summary>
    private static string? CheckLoad(string line, string notebookDirectory, out string? absolute)
    {
        absolute = null;
        var match = Load().Match(line);
        if (!match.Success) return $"cannot read the directive `{line}`; write #load \"helpers.csx\" with a path relative to the notebook";
        string path = match.Groups["path"].Value.Trim();
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(notebookDirectory)) + Path.DirectorySeparatorChar;
        string full = Path.GetFullPath(path, root);
        if (!Path.GetExtension(full).Equals(".csx", StringComparison.OrdinalIgnoreCase) && !Path.GetExtension(full).Equals(".cs", StringComparison.OrdinalIgnoreCase))
            return $"`#load \"{path}\"`: only .csx and .cs files can be loaded";
        if (!RealPath(full).StartsWith(root, StringComparison.Ordinal))
            return $"`#load \"{path}\"` reaches outside the notebook's folder ({root.TrimEnd(Path.DirectorySeparatorChar)}); #load only files in that folder or below, or put the code in a cell";
        if (!File.Exists(full))
            return $"`#load \"{path}\"`: no such file next to the notebook ({full}); put it there or the code in a cell";
        absolute = full;
        return null;
    }

    /// <summary>The path with symbolic links followed, so a link cannot lead out of the folder.</summary>
    private static string RealPath(string path)
    {
        var info = new FileInfo(path);
        return (info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName : null) ?? info.FullName;
    }
}
