using Microsoft.CodeAnalysis;

namespace Course.Worker.Gate;

/// <summary>
/// The static gate: a cell's code is judged on its semantic model and again on its emitted IL before it is loaded,
/// so nothing it would do runs before it passes. Violations come back as compile errors of the cell.
/// </summary>
public sealed class CodeGate(Allowlist policy)
{
    private readonly SemanticGate semantic = new(policy);
    private readonly IlGate il = new(policy);

    /// <summary>The violations of one compiled cell; <paramref name="pe"/> is its emitted assembly, null when it
    /// did not compile (the semantic pass still explains, say, that <c>dynamic</c> is out, better than the missing
    /// binder's error does). The IL pass only speaks when the semantic pass found nothing, so a person sees the
    /// message with a line first.</summary>
    public IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> Check(Compilation compilation, Stream? pe)
    {
        var found = semantic.Check(compilation);
        if (found.Count == 0 && pe is not null)
            found = il.Check(pe, CellLocation(compilation));
        return found.Select(v => v.ToDiagnostic()).ToList();
    }

    /// <summary>The first line of the cell, for what only the IL shows.</summary>
    private static Location CellLocation(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault(t => t.GetRoot().DescendantTrivia().Any(d => d.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LineDirectiveTrivia)))
                   ?? compilation.SyntaxTrees.LastOrDefault();
        if (tree is null) return Location.None;
        var root = tree.GetRoot();
        var first = root.DescendantTokens().FirstOrDefault(t => !t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None));
        return first == default ? Location.None : first.GetLocation();
    }
}
