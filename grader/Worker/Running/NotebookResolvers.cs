using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Course.Worker.Running;

/// <summary>
/// <c>#load</c> for notebook code: files resolve as Roslyn's own resolver does, but only .csx/.cs files inside the
/// notebook's folder tree are found when a root is known. The grader already checked every top-level #load;
/// this also covers #load lines inside loaded files.
/// </summary>
public sealed class NotebookSourceResolver(string? root) : SourceReferenceResolver
{
    private readonly SourceFileResolver files = new(ImmutableArray<string>.Empty, root);
    private readonly string? root = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;

    // Cells are named "cell-N" by a #line directive; that name must reach stack traces and diagnostics unchanged.
    public override string? NormalizePath(string path, string? baseFilePath) =>
        path.StartsWith("cell-", StringComparison.Ordinal) && !path.Contains('/') ? path : files.NormalizePath(path, baseFilePath);

    public override string? ResolveReference(string path, string? baseFilePath)
    {
        string? resolved = files.ResolveReference(path, baseFilePath);
        if (resolved is null) return null;
        string extension = Path.GetExtension(resolved);
        if (extension is not (".csx" or ".cs")) return null;
        if (root is not null && !RealPath(resolved).StartsWith(root, StringComparison.Ordinal)) return null;
        return resolved;
    }

    private readonly Dictionary<string, string> replaced = new(StringComparer.Ordinal);

    /// <summary>Serves <paramref name="text"/> instead of the file's content from now on (a rewritten file).</summary>
    public void Replace(string resolvedPath, string text)
    {
        lock (replaced) replaced[resolvedPath] = text;
    }

    public override Stream OpenRead(string resolvedPath)
    {
        lock (replaced)
            if (replaced.TryGetValue(resolvedPath, out var text)) return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return files.OpenRead(resolvedPath);
    }

    public override bool Equals(object? other) => other is NotebookSourceResolver r && r.root == root;

    public override int GetHashCode() => root?.GetHashCode() ?? 0;

    /// <summary>The path with symbolic links followed, so a link cannot lead out of the folder.</summary>
    public static string RealPath(string path)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        var target = info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true) : null;
        return target?.FullName ?? info.FullName;
    }
}

/// <summary>
/// <c>#r</c> reaches Roslyn only from a #load-ed file (the grader blanks the allowed #r lines of cells): nothing
/// resolves, so such a reference is a compile error in that file. Notebook code sees exactly the references the
/// worker gives it.
/// </summary>
public sealed class NoMetadataResolver : MetadataReferenceResolver
{
    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) => [];

    public override bool Equals(object? other) => other is NoMetadataResolver;

    public override int GetHashCode() => 1;
}
