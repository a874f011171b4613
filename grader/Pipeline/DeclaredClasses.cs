using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Grader.Pipeline;

/// <summary>
/// The top-level classes each C# cell declares, by name, with the cells in notebook order. As in a notebook kernel,
/// the last declaration of a name is the one in force. A syntax parse only: nothing is compiled or run.
/// </summary>
public static class DeclaredClasses
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static Dictionary<string, List<int>> ByName(IEnumerable<(int Cell, string Code)> cells)
    {
        var result = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (cell, code) in cells)
            foreach (var type in CSharpSyntaxTree.ParseText(code, Script).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
                         .Where(t => t.Parent is CompilationUnitSyntax))
            {
                string name = type.Identifier.ValueText;
                if (!result.TryGetValue(name, out var list)) result[name] = list = [];
                if (!list.Contains(cell)) list.Add(cell);
            }
        return result;
    }
}
