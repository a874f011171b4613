using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Worker.Gate;

/// <summary>
/// The first pass of the gate: every syntax node of a cell, judged by the symbols it binds to (never its text, so
/// aliases, <c>global::</c> and <c>using static</c> change nothing). A plain walk, not an analyzer, so neither
/// <c>#pragma warning disable</c> nor <c>[SuppressMessage]</c> can switch it off.
/// </summary>
public sealed class SemanticGate(Allowlist policy)
{
    // MethodImpl options that only tune the JIT; InternalCall and the like would point the runtime elsewhere.
    private const int HarmlessMethodImpl = 8 | 64 | 256 | 512; // NoInlining, NoOptimization, AggressiveInlining, AggressiveOptimization

    public List<GateViolation> Check(Compilation compilation)
    {
        var found = new List<GateViolation>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            // A using directive only names things; what the cell does with them is judged where it does it.
            foreach (var node in tree.GetRoot().DescendantNodesAndSelf(n => n is not UsingDirectiveSyntax))
                CheckNode(model, node, found);
        }
        return OnePerLine(found);
    }

    private void CheckNode(SemanticModel model, SyntaxNode node, List<GateViolation> found)
    {
        var at = node.GetLocation();
        if (Construct(node) is var (what, category, suggestion))
        {
            found.Add(GateViolation.Construct(ConstructLocation(node), what, category, suggestion));
            return;
        }
        if (node is BaseNamespaceDeclarationSyntax ns && IsReservedNamespace(ns.Name.ToString()))
            found.Add(new GateViolation("GATE003", at, $"namespace {ns.Name} is not allowed in graded code (declarations in System or Microsoft); use a namespace of your own or none"));
        if (node is AttributeSyntax attribute) CheckAttribute(model, attribute, found);

        // `var` names the type of what initializes it, which is judged there (as the call, with a better message).
        if (node is IdentifierNameSyntax { IsVar: true }) return;
        // Only these bind to symbols (statements and declarations are judged through their parts).
        if (node is not (ExpressionSyntax or AttributeSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax
            or CommonForEachStatementSyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax or OrderingSyntax)) return;
        var info = model.GetSymbolInfo(node);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        // A type on the left of a member access is judged through the member (Console.WriteLine is fine, Console.ReadLine
        // is not), and a type the cell may not touch at all has no member that is allowed.
        if (symbol is INamedTypeSymbol && node.Parent is MemberAccessExpressionSyntax access && access.Expression == node) return;
        Judge(symbol, at, found);

        if (node is ExpressionSyntax expression)
        {
            var type = model.GetTypeInfo(expression);
            CheckType(type.Type, at, found);
            CheckType(type.ConvertedType, at, found);
            Judge(model.GetConversion(expression).MethodSymbol, at, found);
        }
        // Calls the compiler makes for the code, with no identifier of their own in the source.
        switch (node)
        {
            case CommonForEachStatementSyntax loop:
                var loopInfo = model.GetForEachStatementInfo(loop);
                Judge(loopInfo.GetEnumeratorMethod, at, found);
                Judge(loopInfo.MoveNextMethod, at, found);
                Judge(loopInfo.CurrentProperty, at, found);
                Judge(loopInfo.DisposeMethod, at, found);
                break;
            case AwaitExpressionSyntax awaited:
                var awaitInfo = model.GetAwaitExpressionInfo(awaited);
                Judge(awaitInfo.GetAwaiterMethod, at, found);
                Judge(awaitInfo.GetResultMethod, at, found);
                break;
            case QueryClauseSyntax clause:
                var query = model.GetQueryClauseInfo(clause);
                Judge(query.OperationInfo.Symbol, at, found);
                Judge(query.CastInfo.Symbol, at, found);
                break;
        }
    }

    /// <summary>Constructs that are out by their syntax alone.</summary>
    private static (string, string, string)? Construct(SyntaxNode node)
    {
        const string Memory = "use arrays, Span<T> and Tensor<T> with ordinary indexing";
        return node switch
        {
            UnsafeStatementSyntax => ("unsafe code", "unsafe memory", Memory),
            FixedStatementSyntax => ("fixed", "unsafe memory", Memory),
            PointerTypeSyntax => ("a pointer type", "unsafe memory", Memory),
            FunctionPointerTypeSyntax => ("a function pointer", "native code", "use a delegate (Func<…>, Action<…>)"),
            DestructorDeclarationSyntax => ("a finalizer", "runtime control", "release what you hold in a method you call"),
            MakeRefExpressionSyntax => ("__makeref", "unsafe memory", Memory),
            RefTypeExpressionSyntax => ("__reftype", "unsafe memory", Memory),
            RefValueExpressionSyntax => ("__refvalue", "unsafe memory", Memory),
            ExpressionSyntax e when e.IsKind(SyntaxKind.ArgListExpression) => ("__arglist", "unsafe memory", "use a params array"),
            ParameterSyntax p when p.Identifier.IsKind(SyntaxKind.ArgListKeyword) => ("__arglist", "unsafe memory", "use a params array"),
            MemberDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.UnsafeKeyword) => ("unsafe code", "unsafe memory", Memory),
            MemberDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.ExternKeyword) => ("extern", "native code", "write the method in C#"),
            LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.UnsafeKeyword) => ("unsafe code", "unsafe memory", Memory),
            LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.ExternKeyword) => ("extern", "native code", "write the method in C#"),
            _ => null,
        };
    }

    /// <summary>A member is reported at its offending modifier, not at its first attribute, so that the attribute's
    /// own line can say what is wrong with it.</summary>
    private static Location ConstructLocation(SyntaxNode node)
    {
        var modifiers = node switch
        {
            MemberDeclarationSyntax m => m.Modifiers,
            LocalFunctionStatementSyntax f => f.Modifiers,
            _ => default,
        };
        foreach (var modifier in modifiers)
            if (modifier.IsKind(SyntaxKind.UnsafeKeyword) || modifier.IsKind(SyntaxKind.ExternKeyword)) return modifier.GetLocation();
        return node is DestructorDeclarationSyntax d ? d.Identifier.GetLocation() : node.GetLocation();
    }

    private void CheckAttribute(SemanticModel model, AttributeSyntax attribute, List<GateViolation> found)
    {
        if (model.GetSymbolInfo(attribute).Symbol is not IMethodSymbol { ContainingType: var type } || IsOwnCode(type)) return;
        // Attributes steer the compiler and the runtime: only a few that do neither (or are checked here) pass.
        if (TypePath(type) == "System.Runtime.CompilerServices.MethodImplAttribute")
        {
            var argument = attribute.ArgumentList?.Arguments.FirstOrDefault();
            var value = argument is null ? null : model.GetConstantValue(argument.Expression).Value;
            if (value is not null && (Convert.ToInt32(value) & ~HarmlessMethodImpl) != 0)
                found.Add(GateViolation.Construct(attribute.GetLocation(), "MethodImpl with these options", "native code", "use MethodImplOptions.AggressiveInlining or NoInlining only"));
            return;
        }
        if (!AllowedAttributes.Contains(TypePath(type)))
            found.Add(GateViolation.Api("GATE003", attribute.GetLocation(), $"[{Shorten(type.Name)}]", new Verdict(false, "attributes", "remove the attribute")));
    }

    private static readonly HashSet<string> AllowedAttributes =
    [
        "System.ObsoleteAttribute", "System.FlagsAttribute", "System.SerializableAttribute", "System.AttributeUsageAttribute",
        "System.Runtime.CompilerServices.MethodImplAttribute", "System.Diagnostics.DebuggerDisplayAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullAttribute", "System.Diagnostics.CodeAnalysis.MaybeNullAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullWhenAttribute", "System.Diagnostics.CodeAnalysis.MaybeNullWhenAttribute",
        "System.Diagnostics.CodeAnalysis.AllowNullAttribute", "System.Diagnostics.CodeAnalysis.DisallowNullAttribute",
        "System.Diagnostics.CodeAnalysis.MemberNotNullAttribute", "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute",
    ];

    private static string Shorten(string attributeName) =>
        attributeName.EndsWith("Attribute", StringComparison.Ordinal) ? attributeName[..^"Attribute".Length] : attributeName;

    private void CheckType(ITypeSymbol? type, Location at, List<GateViolation> found)
    {
        switch (type)
        {
            case IDynamicTypeSymbol:
                found.Add(GateViolation.Construct(at, "dynamic", "dynamic", "use a static type or an interface"));
                break;
            case IPointerTypeSymbol:
                found.Add(GateViolation.Construct(at, "a pointer", "unsafe memory", "use arrays, Span<T> and Tensor<T> with ordinary indexing"));
                break;
            case IFunctionPointerTypeSymbol:
                found.Add(GateViolation.Construct(at, "a function pointer", "native code", "use a delegate (Func<…>, Action<…>)"));
                break;
            case IArrayTypeSymbol array:
                CheckType(array.ElementType, at, found);
                break;
        }
    }

    /// <summary>Reports <paramref name="symbol"/> if the allowlist denies it.</summary>
    private void Judge(ISymbol? symbol, Location at, List<GateViolation> found)
    {
        if (symbol is null || IsOwnCode(symbol)) return;
        switch (symbol)
        {
            case IMethodSymbol { MethodKind: MethodKind.ReducedExtension, ReducedFrom: { } original }:
                Judge(original, at, found);
                return;
            case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }:
                return;
            case IMethodSymbol { ContainingType: { } owner } method:
                Report(owner, method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor ? "ctor" : method.Name);
                return;
            case IPropertySymbol or IFieldSymbol or IEventSymbol when symbol.ContainingType is { } owner:
                Report(owner, symbol.Name);
                return;
            case INamedTypeSymbol type:
                var verdict = policy.Judge(TypePath(type));
                if (!verdict.Allowed) found.Add(GateViolation.Api("GATE001", at, TypePath(type), verdict));
                return;
            case ITypeSymbol type:
                CheckType(type, at, found);
                return;
        }

        void Report(INamedTypeSymbol owner, string member)
        {
            if (IsOwnCode(owner)) return;
            var verdict = policy.Judge(TypePath(owner), member);
            string api = member == "ctor" ? $"new {TypePath(owner)}" : $"{TypePath(owner)}.{member}";
            if (!verdict.Allowed) found.Add(GateViolation.Api("GATE001", at, api, verdict));
        }
    }

    /// <summary>Declared by the notebook itself (this cell, an earlier one or a loaded file); what such code may
    /// call is checked where it calls it.</summary>
    private static bool IsOwnCode(ISymbol symbol) =>
        symbol.ContainingAssembly is { IsInteractive: true } || symbol.Locations.Any(l => l.IsInSource);

    /// <summary>Namespace and type names joined by dots, without generic arity: "System.Collections.Generic.List".</summary>
    public static string TypePath(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        string name = type.Name;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = $"{outer.Name}.{name}";
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{name}" : name;
    }

    public static bool IsReservedNamespace(string name) =>
        name is "System" or "Microsoft" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name.StartsWith("global::System", StringComparison.Ordinal) || name.StartsWith("global::Microsoft", StringComparison.Ordinal);

    /// <summary>The outermost node of a construct is met first and names it best (the call, not its receiver's
    /// type); one violation per line keeps the message to the point.</summary>
    private static List<GateViolation> OnePerLine(List<GateViolation> found)
    {
        var seen = new HashSet<(string, int)>();
        return found.Where(v => seen.Add((v.Location.GetMappedLineSpan().Path, v.Location.GetMappedLineSpan().StartLinePosition.Line))).ToList();
    }
}
