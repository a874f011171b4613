using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Course.Grader.Notebooks;
using Course.Grader.Release;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Tests.Release;

/// <summary>One thing found in a kit that must not be there.</summary>
public sealed record Leak(string File, string What)
{
    public override string ToString() => $"{File}: {What}";
}

/// <summary>
/// Scans every file of a kit, as bytes (so DLLs, deps files and notebooks alike), for what must never ship: files
/// named Course.Reference*, the reference's own identifiers, and the lines of solution and hidden-test regions. The
/// secrets are collected independently of the release code (its own region reading, Roslyn over reference/), so a
/// bug in the release cannot also hide itself from the scan.
/// </summary>
public sealed class KitLeakScanner
{
    private readonly List<(string What, (byte[] Bytes, int CharSize)[] Forms, bool WholeWord)> needles = [];

    public IReadOnlyList<string> SecretLines { get; }

    public IReadOnlyList<string> ReferenceIdentifiers { get; }

    public KitLeakScanner(IEnumerable<string> secretLines, IEnumerable<string> referenceIdentifiers)
    {
        SecretLines = secretLines.Distinct().ToList();
        ReferenceIdentifiers = referenceIdentifiers.Distinct().ToList();
        foreach (var line in SecretLines) needles.Add(($"the secret line `{line}`", Forms(line), false));
        foreach (var id in ReferenceIdentifiers) needles.Add(($"the reference identifier {id}", Forms(id), true));
    }

    /// <summary>A scanner for the secrets of these masters and of the repository's reference/.</summary>
    public static KitLeakScanner For(string repositoryRoot, IEnumerable<string> masters)
    {
        var notebooks = masters.Select(Notebook.Load).ToList();
        var (secret, publicText) = SplitMasters(notebooks);
        // A line that the master also shows outside its regions is public (a closing brace, `return x;` …).
        var publicLines = publicText.Select(l => l.Trim()).ToHashSet();
        var lines = secret.Select(l => l.Trim()).Where(l => l.Length >= 12 && !publicLines.Contains(l) && !l.StartsWith("//"));
        string everythingPublic = string.Join('\n', publicText) + '\n' + SourcesText(repositoryRoot, "assignments") + '\n' + SourcesText(repositoryRoot, "grader");
        // Not distinctive: short names, names the public code uses, and names that third-party assemblies in the kit
        // also declare (System.Numerics.Tensors has its own IUnaryOperator); reference code cannot leak into those.
        var thirdParty = ThirdPartyAssemblies().Select(File.ReadAllBytes).ToList();
        var identifiers = ReferenceDeclarations(repositoryRoot)
            .Where(id => id.Length >= 5 && !OccursAsWord(everythingPublic, id))
            .Where(id => !thirdParty.Any(bytes => Forms(id).Any(f => Contains(bytes, f, wholeWord: true))));
        return new KitLeakScanner(lines, identifiers);
    }

    /// <summary>Assemblies of packages and the framework that the kit's build outputs carry (not built from this
    /// repository).</summary>
    private static IEnumerable<string> ThirdPartyAssemblies()
    {
        var inputs = KitInputs.Locate();
        return new[] { inputs.Library, inputs.SelfCheck, inputs.Worker }
            .SelectMany(d => Directory.EnumerateFiles(d, "*.dll"))
            .Where(f => !Path.GetFileName(f).StartsWith("Course.") && Path.GetFileName(f) != "course-check.dll");
    }

    public List<Leak> Scan(string kit)
    {
        var leaks = new List<Leak>();
        foreach (var file in Directory.EnumerateFiles(kit, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(kit, file);
            if (Path.GetFileName(file).StartsWith("Course.Reference", StringComparison.OrdinalIgnoreCase))
                leaks.Add(new Leak(relative, "a file of the reference"));
            byte[] bytes = File.ReadAllBytes(file);
            foreach (var (what, forms, wholeWord) in needles)
                if (forms.Any(f => Contains(bytes, f, wholeWord))) leaks.Add(new Leak(relative, what));
        }
        return leaks;
    }

    /// <summary>The lines inside solution and hidden-test regions of every cell, and every other line.</summary>
    private static (List<string> Secret, List<string> Public) SplitMasters(IEnumerable<Notebook> notebooks)
    {
        var secret = new List<string>();
        var open = new List<string>();
        foreach (var cell in notebooks.SelectMany(n => n.Cells))
        {
            bool inside = false;
            foreach (var line in cell.Source.Split('\n'))
            {
                string t = line.Trim();
                if (t is "// BEGIN SOLUTION" or "// BEGIN HIDDEN TESTS") { inside = true; continue; }
                if (t is "// END SOLUTION" or "// END HIDDEN TESTS") { inside = false; continue; }
                (inside ? secret : open).Add(line);
            }
        }
        return (secret, open);
    }

    /// <summary>Namespaces, types and methods declared in reference/**/*.cs.</summary>
    public static IEnumerable<string> ReferenceDeclarations(string repositoryRoot)
    {
        var names = new HashSet<string>();
        foreach (var file in SourceFiles(repositoryRoot, "reference"))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var node in root.DescendantNodes())
                switch (node)
                {
                    case BaseNamespaceDeclarationSyntax ns: names.Add(ns.Name.ToString()); break;
                    case BaseTypeDeclarationSyntax type: names.Add(type.Identifier.ValueText); break;
                    case MethodDeclarationSyntax method: names.Add(method.Identifier.ValueText); break;
                }
        }
        return names;
    }

    private static IEnumerable<string> SourceFiles(string root, string folder) =>
        Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string SourcesText(string root, string folder) => string.Join('\n', SourceFiles(root, folder).Select(File.ReadAllText));

    private static bool OccursAsWord(string text, string word)
    {
        for (int at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
            if ((at == 0 || !IsWordChar(text[at - 1])) && (at + word.Length == text.Length || !IsWordChar(text[at + word.Length]))) return true;
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>How a text can appear in a file: as is (UTF-8: sources, metadata names), escaped as notebooks and
    /// deps files write JSON, escaped as XML docs write it, and UTF-16 (a .NET assembly's string literals).</summary>
    private static (byte[] Bytes, int CharSize)[] Forms(string text)
    {
        var forms = new HashSet<string>
        {
            text,
            JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })[1..^1],
            JsonSerializer.Serialize(text)[1..^1],
            System.Security.SecurityElement.Escape(text),
        };
        return forms.Select(f => (Encoding.UTF8.GetBytes(f), 1)).Append((Encoding.Unicode.GetBytes(text), 2)).ToArray();
    }

    private static bool Contains(byte[] haystack, (byte[] Bytes, int CharSize) form, bool wholeWord)
    {
        var (needle, charSize) = form;
        var span = haystack.AsSpan();
        int offset = 0;
        while (true)
        {
            int at = span[offset..].IndexOf(needle);
            if (at < 0) return false;
            at += offset;
            // The neighbouring characters (in UTF-16, their low bytes) must not continue the name.
            if (!wholeWord || (Boundary(haystack, at - charSize) && Boundary(haystack, at + needle.Length))) return true;
            offset = at + 1;
        }
    }

    private static bool Boundary(byte[] bytes, int index)
    {
        if (index < 0 || index >= bytes.Length) return true;
        byte b = bytes[index];
        return !(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_');
    }
}
