using Course.Grader.Release;

namespace Course.Tests.Release;

public class SolutionStripperTests
{
    [Test]
    public void A_region_becomes_a_NotImplementedException_at_its_indentation()
    {
        string master = "int F()\n{\n    // BEGIN SOLUTION\n    return 42;\n    // END SOLUTION\n}\n";
        Assert.That(SolutionStripper.Strip(master, "cell 1"), Is.EqualTo("int F()\n{\n    throw new NotImplementedException();\n}\n"));
    }

    [Test]
    public void Several_regions_are_all_replaced_and_the_rest_is_untouched()
    {
        string master = "a\n  // BEGIN SOLUTION\n  x\n  // END SOLUTION\nb\n\t// BEGIN SOLUTION\n\ty\n\t// END SOLUTION\nc";
        Assert.That(SolutionStripper.Strip(master, "cell 1"),
            Is.EqualTo("a\n  throw new NotImplementedException();\nb\n\tthrow new NotImplementedException();\nc"));
    }

    [TestCase("// BEGIN SOLUTION\nx", "line 1: // BEGIN SOLUTION is never closed")]
    [TestCase("x\n// END SOLUTION", "line 2: // END SOLUTION without")]
    [TestCase("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "line 2: // BEGIN SOLUTION inside the region opened at line 1")]
    public void Unbalanced_markers_are_reported_with_cell_and_line(string code, string expected)
    {
        var ex = Assert.Throws<ReleaseException>(() => SolutionStripper.Strip(code, "02-fully-connected.ipynb, cell 7"));
        Assert.That(ex!.Message, Does.StartWith("02-fully-connected.ipynb, cell 7, ").And.Contain(expected));
    }
}
