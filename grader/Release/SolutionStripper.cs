using System.Text;

namespace Course.Grader.Release;

public sealed class ReleaseException(string message) : Exception(message);

/// <summary>
/// Turns master code into student code: every region from a <c>// BEGIN SOLUTION</c> line to its
/// <c>// END SOLUTION</c> line becomes <c>throw new NotImplementedException();</c> at the region's indentation, so
/// the method keeps its signature and the released notebook still compiles.
/// </summary>
public static class SolutionStripper
{
    public const string Begin = "// BEGIN SOLUTION";
    public const string End = "// END SOLUTION";
    public const string Stub = "throw new NotImplementedException();";

    /// <summary>The stripped code; <paramref name="where"/> names the cell in error messages.</summary>
    public static string Strip(string code, string where)
    {
        var output = new StringBuilder();
        var lines = code.Split('\n');
        int? openedAt = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            bool last = i == lines.Length - 1;
            if (trimmed == Begin)
            {
                if (openedAt is not null) throw new ReleaseException($"{where}, line {i + 1}: {Begin} inside the region opened at line {openedAt}");
                openedAt = i + 1;
                string indent = line[..(line.Length - line.TrimStart().Length)];
                output.Append(indent).Append(Stub);
                if (!last) output.Append('\n');
                continue;
            }
            if (trimmed == End)
            {
                if (openedAt is null) throw new ReleaseException($"{where}, line {i + 1}: {End} without a {Begin} before it");
                openedAt = null;
                continue;
            }
            if (openedAt is not null) continue;
            output.Append(line);
            if (!last) output.Append('\n');
        }
        if (openedAt is not null) throw new ReleaseException($"{where}, line {openedAt}: {Begin} is never closed by {End}");
        return output.ToString().TrimEnd('\n') + (code.EndsWith('\n') ? "\n" : "");
    }

    public static bool HasSolution(string code) => code.Split('\n').Any(l => l.Trim() == Begin);
}
