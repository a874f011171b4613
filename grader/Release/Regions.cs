namespace Course.Grader.Release;

public enum RegionKind { Solution, HiddenTests }

/// <summary>A marked region of a master cell; lines are 1-based and point at the marker lines themselves.</summary>
public sealed record Region(RegionKind Kind, int BeginLine, int EndLine);

/// <summary>Something wrong at a line of a cell (line 0: the cell as a whole).</summary>
public sealed record LineProblem(int Line, string Message);

/// <summary>
/// The region markers of master code: <c>// BEGIN SOLUTION</c> … <c>// END SOLUTION</c> (replaced by a stub on
/// release) and <c>// BEGIN HIDDEN TESTS</c> … <c>// END HIDDEN TESTS</c> (removed on release). A marker is a whole
/// line, so prose that merely mentions one (in backticks, in a sentence) is not a marker.
/// </summary>
public static class Regions
{
    public const string BeginHidden = "// BEGIN HIDDEN TESTS";
    public const string EndHidden = "// END HIDDEN TESTS";

    private static readonly (string Begin, string End, RegionKind Kind)[] Kinds =
    [
        (SolutionStripper.Begin, SolutionStripper.End, RegionKind.Solution),
        (BeginHidden, EndHidden, RegionKind.HiddenTests),
    ];

    public static bool IsMarker(string line)
    {
        string trimmed = line.Trim();
        return Kinds.Any(k => trimmed == k.Begin || trimmed == k.End);
    }

    /// <summary>The well-formed regions of some code, and every marker that does not pair up. Regions never nest,
    /// not even regions of different kinds: a solution inside hidden tests would be removed, not stubbed.</summary>
    public static (IReadOnlyList<Region> Regions, IReadOnlyList<LineProblem> Problems) Find(string code)
    {
        var regions = new List<Region>();
        var problems = new List<LineProblem>();
        var lines = code.Split('\n');
        (RegionKind Kind, string Begin, string End, int Line)? open = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            foreach (var (begin, end, kind) in Kinds)
            {
                if (trimmed == begin)
                {
                    if (open is { } o)
                        problems.Add(new LineProblem(i + 1, $"{begin} inside the region {o.Begin} opened at line {o.Line}; close that one with {o.End} first"));
                    else
                        open = (kind, begin, end, i + 1);
                }
                else if (trimmed == end)
                {
                    if (open is { } o && o.Kind == kind)
                    {
                        regions.Add(new Region(kind, o.Line, i + 1));
                        open = null;
                    }
                    else if (open is { } other)
                        problems.Add(new LineProblem(i + 1, $"{end} closes nothing: the open region is {other.Begin} from line {other.Line}"));
                    else
                        problems.Add(new LineProblem(i + 1, $"{end} without a {begin} before it"));
                }
            }
        }
        if (open is { } left) problems.Add(new LineProblem(left.Line, $"{left.Begin} is never closed by {left.End}"));
        return (regions, problems);
    }

    /// <summary>The code without its hidden-test regions (marker lines included), as students receive it.</summary>
    public static string RemoveHiddenTests(string code, string where)
    {
        var (regions, problems) = Find(code);
        if (problems.Count > 0) throw new ReleaseException($"{where}, line {problems[0].Line}: {problems[0].Message}");
        var hidden = regions.Where(r => r.Kind == RegionKind.HiddenTests).ToList();
        if (hidden.Count == 0) return code;
        var lines = code.Split('\n');
        var kept = lines.Where((_, i) => !hidden.Any(r => i + 1 >= r.BeginLine && i + 1 <= r.EndLine));
        string result = string.Join('\n', kept);
        return result.TrimEnd('\n') + (code.EndsWith('\n') && result.Length > 0 ? "\n" : "");
    }

    public static bool HasHiddenTests(string code) => code.Split('\n').Any(l => l.Trim() == BeginHidden);
}
