using Course.Grader.Release;

namespace Course.Tests.Release;

public class RegionsTests
{
    [Test]
    public void Hidden_tests_are_removed_with_their_markers_wherever_they_stand()
    {
        Assert.That(Regions.RemoveHiddenTests("a\n  // BEGIN HIDDEN TESTS\n  check();\n  // END HIDDEN TESTS\nb\n", "cell 1"), Is.EqualTo("a\nb\n"));
        Assert.That(Regions.RemoveHiddenTests("// BEGIN HIDDEN TESTS\nx\n// END HIDDEN TESTS\nkeep", "cell 1"), Is.EqualTo("keep"));
        Assert.That(Regions.RemoveHiddenTests("keep\n// BEGIN HIDDEN TESTS\nx\n// END HIDDEN TESTS", "cell 1"), Is.EqualTo("keep"));
        Assert.That(Regions.RemoveHiddenTests("a\r\n// BEGIN HIDDEN TESTS\r\nx\r\n// END HIDDEN TESTS\r\nb", "cell 1"), Is.EqualTo("a\r\nb"), "CRLF from an editor");
    }

    [Test]
    public void Prose_mentioning_a_marker_is_not_a_marker()
    {
        var (regions, problems) = Regions.Find("Implement each region between `// BEGIN SOLUTION` and `// END SOLUTION`.\nx = 1; // BEGIN HIDDEN TESTS");
        Assert.That(regions, Is.Empty);
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Regions_of_both_kinds_are_found_with_their_marker_lines()
    {
        var (regions, problems) = Regions.Find("a\n// BEGIN SOLUTION\nb\n// END SOLUTION\n// BEGIN HIDDEN TESTS\nc\n// END HIDDEN TESTS");
        Assert.That(problems, Is.Empty);
        Assert.That(regions, Is.EqualTo(new[] { new Region(RegionKind.Solution, 2, 4), new Region(RegionKind.HiddenTests, 5, 7) }));
    }

    [Test]
    public void A_hidden_region_closed_by_the_wrong_marker_is_reported_at_both_ends()
    {
        var (_, problems) = Regions.Find("// BEGIN HIDDEN TESTS\nx\n// END SOLUTION");
        Assert.That(problems.Select(p => (p.Line, p.Message[..20])), Is.EqualTo(new[]
        {
            (3, "// END SOLUTION clos"),
            (1, "// BEGIN HIDDEN TEST"),
        }));
        var e = Assert.Throws<ReleaseException>(() => Regions.RemoveHiddenTests("// BEGIN HIDDEN TESTS\nx", "m.ipynb, cell 4"));
        Assert.That(e!.Message, Is.EqualTo("m.ipynb, cell 4, line 1: // BEGIN HIDDEN TESTS is never closed by // END HIDDEN TESTS"));
    }
}
