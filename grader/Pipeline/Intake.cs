using System.Text.Json;
using System.Text.RegularExpressions;
using Course.Grader.Notebooks;
using Course.Grader.Protocol;
using Microsoft.CodeAnalysis;
using Diagnostic = Course.Grader.Protocol.Diagnostic;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Grader.Pipeline;

/// <summary>What the notebook hands to the compiler: its C# cells, where each graded unit lives, and problems.</summary>
public sealed record IntakeResult(
    IReadOnlyList<SourceCell> Cells,
    IReadOnlyDictionary<string, int> UnitCells,
    IReadOnlyList<Diagnostic> Problems,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Takes a notebook's C# code cells and vets their directives. Notebook directives are not C#: the lines the
/// course allows (its own library, the chart packages, the C# kernel selector) are blanked — keeping line numbers —
/// because the worker references those libraries itself; any other directive rejects its cell with a message.
/// Graded units are found by a marker line <c>// @unit ID</c> (which survives editors that drop metadata) or by
/// <c>metadata.course.unit</c>.
/// </summary>
public static partial class Intake
{
    public static readonly HashSet<string> AllowedPackages = new(StringComparer.OrdinalIgnoreCase)
        { "Plotly.NET", "Plotly.NET.CSharp", "Plotly.NET.Interactive" };

    private static readonly HashSet<string> BlankedMagics = new(StringComparer.OrdinalIgnoreCase) { "#!csharp", "#!c#", "#!cs", "#!time" };

    [GeneratedRegex(@"^#r\s+""(?<ref>[^""]*)""\s*$")]
    private static partial Regex Reference();

    public static IntakeResult Run(Notebook notebook)
    {
        var cells = new List<SourceCell>();
        var units = new Dictionary<string, int>();
        var problems = new List<Diagnostic>();
        var warnings = new List<string>();
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
            var (code, cellProblems) = Directives(source, cell.Index);
            problems.AddRange(cellProblems);
            if (cellProblems.Count == 0) cells.Add(new SourceCell(cell.Index, code));
        }
        warnings.AddRange(Redeclarations(cells));
        return new IntakeResult(cells, units, problems, warnings);
    }

    /// <summary>
    /// Classes declared in more than one cell. As in a notebook kernel, the last declaration is the one in force,
    /// and it is the one graded; a student who pasted an old version further down should hear about it.
    /// </summary>
    private static IEnumerable<string> Redeclarations(IEnumerable<SourceCell> cells)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script);
        var cellsOf = new Dictionary<string, List<int>>();
        foreach (var cell in cells)
            foreach (var type in CSharpSyntaxTree.ParseText(cell.Code, options).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
                         .Where(t => t.Parent is CompilationUnitSyntax))
            {
                string name = type.Identifier.ValueText;
                if (!cellsOf.TryGetValue(name, out var list)) cellsOf[name] = list = [];
                if (!list.Contains(cell.Index)) list.Add(cell.Index);
            }
        return cellsOf.Where(kv => kv.Value.Count > 1).Select(kv =>
            $"class {kv.Key} is declared in cells {string.Join(", ", kv.Value)}: the last one (cell {kv.Value[^1]}) is the one graded");
    }

    /// <summary>Blanks the allowed directive lines; reports the others.</summary>
    public static (string Code, List<Diagnostic> Problems) Directives(string source, int cellIndex)
    {
        var problems = new List<Diagnostic>();
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            // C#'s own preprocessor lines (#region, #if, #nullable …) fall through to the last branch untouched.
            string line = lines[i].TrimEnd('\r').Trim();
            if (!line.StartsWith('#')) continue;
            string? problem = null;
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                if (!BlankedMagics.Contains(line.Split(' ')[0]))
                    problem = $"the magic command `{line}` is not supported: the grader runs C# only; remove the line";
            }
            else if (line.StartsWith("#r ", StringComparison.Ordinal) || line == "#r")
            {
                problem = CheckReference(line);
            }
            else if (line.StartsWith("#i ", StringComparison.Ordinal))
            {
                problem = "`#i` (package sources) is not supported: the grader never downloads packages; remove the line";
            }
            else if (line.StartsWith("#load", StringComparison.Ordinal))
            {
                problem = "`#load` is not supported in graded notebooks: put the code in a cell instead";
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
            lines[i] = "";
        }
        return (string.Join('\n', lines), problems);
    }

    private static string? CheckReference(string line)
    {
        var match = Reference().Match(line);
        if (!match.Success) return $"cannot read the directive `{line}`; write #r \"nuget: Plotly.NET.CSharp\" or #r \"…/Course.Assignments.dll\"";
        string reference = match.Groups["ref"].Value.Trim();
        if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            string package = reference[6..].Split(',')[0].Trim();
            return AllowedPackages.Contains(package)
                ? null
                : $"the package {package} is not available to graded notebooks (allowed: {string.Join(", ", AllowedPackages)}); remove the line";
        }
        return Path.GetFileName(reference.Replace('\\', '/')).Equals("Course.Assignments.dll", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"`{line}` references a file; graded notebooks may only reference the course library (Course.Assignments.dll)";
    }
}
