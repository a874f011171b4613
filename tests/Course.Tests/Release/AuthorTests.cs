using System.Text.Json.Nodes;
using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Release;
using Course.Tests.Fixtures;
using Course.Tests.Notebooks;
using static Course.Tests.Release.MasterNotebooks;

namespace Course.Tests.Release;

/// <summary><c>author</c>: every problem of a master is named with its cell and line; <c>--write</c> repairs what
/// it can, and a second run finds nothing left to do.</summary>
[NonParallelizable]
public class AuthorTests
{
    private const string UnitCode = "// @unit linear\nclass Linear\n{\n    int F()\n    {\n        // BEGIN SOLUTION\n        return 1;\n        // END SOLUTION\n    }\n}";

    private static Homework LinearOnly => MasterNotebooks.Course(["notebooks/m.ipynb"], "linear").Homework[0];

    public static IEnumerable<TestCaseData> Problems()
    {
        TestCaseData Case(string name, string expected, bool withHomework, params JsonObject[] cells) =>
            new TestCaseData(cells, withHomework, expected).SetName(name);

        yield return Case("unclosed solution", "cell 1, line 2: // BEGIN SOLUTION is never closed", false,
            Code("int F() {\n// BEGIN SOLUTION\nreturn 1; }"));
        yield return Case("end without begin", "cell 1, line 2: // END SOLUTION without a // BEGIN SOLUTION", false,
            Code("int x = 1;\n  // END SOLUTION"));
        yield return Case("nested regions", "cell 1, line 3: // BEGIN SOLUTION inside the region // BEGIN HIDDEN TESTS opened at line 2", false,
            Code("// @locked t\n// BEGIN HIDDEN TESTS\n// BEGIN SOLUTION\n// END SOLUTION\n// END HIDDEN TESTS", Locked("t")));
        yield return Case("region in markdown", "cell 2, line 2: `// BEGIN HIDDEN TESTS` in a markdown cell", false,
            Code("int x = 1;"), Markdown("Notes\n// BEGIN HIDDEN TESTS\nsecret\n// END HIDDEN TESTS"));
        yield return Case("unit marker and metadata disagree", "cell 1, line 1: the marker says unit \"linear\" but the metadata (course.unit) says \"relu\"", false,
            Code(UnitCode, Unit("relu")));
        yield return Case("unit without marker", "cell 1: unit \"linear\" is in the metadata only", false,
            Code("class Linear { }", Unit("linear")));
        yield return Case("unit without metadata", "cell 1, line 1: unit \"linear\" has a marker line but no metadata", false,
            Code(UnitCode));
        yield return Case("unit unknown to course.json", "cell 2: unit \"relu\" is not a unit of homework \"synthetic\"", true,
            Code(UnitCode, Unit("linear")), Code("// @unit relu\nclass ReLU { }", Unit("relu")));
        yield return Case("homework unit without a cell", "m.ipynb: course.json's homework \"synthetic\" grades unit \"linear\", but no cell", true,
            Code("int x = 1;"));
        yield return Case("duplicate unit", "cell 2: unit \"linear\" is already the unit of cell 1", false,
            Code(UnitCode, Unit("linear")), Code(UnitCode, Unit("linear")));
        yield return Case("duplicate locked id", "cell 2: locked id \"setup\" is already used by cell 1", false,
            Code("// @locked setup\nint a = 1;", Locked("setup")), Code("// @locked setup\nint b = 2;", Locked("setup")));
        yield return Case("locked without id", "cell 1: a locked cell without an id", false,
            Code("int a = 1;", Locked(null)));
        yield return Case("solution in a locked cell", "cell 1, line 3: a solution region in a locked cell", false,
            Code("// @locked setup\nint F() {\n// BEGIN SOLUTION\nreturn 1;\n// END SOLUTION\n}", Locked("setup")));
        yield return Case("hidden tests outside a locked cell", "cell 1, line 2: hidden tests outside a locked cell", false,
            Code("int a = 1;\n// BEGIN HIDDEN TESTS\nif (a != 1) throw new Exception();\n// END HIDDEN TESTS"));
        yield return Case("released cell does not parse", "cell 1: the released cell would not compile: its line 2: CS1026", false,
            Code("var f = new Func<int>(() =>\n    // BEGIN SOLUTION\n    42\n    // END SOLUTION\n);"));
        yield return Case("stale checksum", "cell 1: the locked cell's checksum does not match its released source", false,
            Code("// @locked setup\nint a = 1;", Locked("setup", CellMarkers.Checksum("code", "// @locked setup\nint a = 0;"))));
        yield return Case("cell without id", "cell 1: the cell has no id", false,
            NoId(Code("int a = 1;")));
    }

    private static JsonObject NoId(JsonObject cell)
    {
        cell.Remove("id");
        return cell;
    }

    [TestCaseSource(nameof(Problems))]
    public void Each_problem_is_reported_with_its_cell_and_line(JsonObject[] cells, bool withHomework, string expected)
    {
        var notebook = Notebook.Load(Write(NewDirectory("author"), "m.ipynb", cells));
        var problems = MasterCheck.Run(notebook, withHomework ? LinearOnly : null).Select(p => p.ToString()).ToList();
        Assert.That(problems, Has.Some.StartsWith("m.ipynb, " + expected).Or.Some.StartsWith(expected), string.Join("\n", problems));
    }

    [Test]
    public void A_sound_master_has_no_problems_and_so_have_the_course_masters()
    {
        Assert.That(MasterCheck.Run(Notebook.Load(Write(NewDirectory("author"), "m.ipynb",
            Markdown("# Title"), Code("// @locked setup\nusing System;\n// BEGIN HIDDEN TESTS\nint h = 1;\n// END HIDDEN TESTS", Locked("setup", CellMarkers.Checksum("code", "// @locked setup\nusing System;"))),
            Code(UnitCode, Unit("linear")))), LinearOnly), Is.Empty);
        foreach (var homework in Repo.Course.Homework)
            foreach (var master in homework.Notebooks)
                Assert.That(MasterCheck.Run(Notebook.Load(Repo.Path(master)), homework), Is.Empty, master);
    }

    [Test]
    public void Write_repairs_what_it_can_saves_a_valid_notebook_and_a_second_run_changes_nothing()
    {
        string dir = NewDirectory("author-write");
        string course = CourseFile(dir);
        string master = Write(Path.Combine(dir, "notebooks"), "m.ipynb",
            NoId(Markdown("Rules: do not edit.", Locked("rules"))),
            Code("// @locked setup\nusing System;\n// BEGIN HIDDEN TESTS\nint hidden = 1;\n// END HIDDEN TESTS"),
            Code("class Linear\n{\n    int F()\n    {\n        // BEGIN SOLUTION\n        return 1;\n        // END SOLUTION\n    }\n}", Unit("linear"), id: "dup"),
            Code("int other = 2;", id: "dup"));

        var (code, _, stderr) = Kits.Grader("author", master, "--course", course);
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.Contain("m.ipynb, cell 1: the cell has no id (nbformat 4.5 requires one) (author --write repairs this)"));
        Assert.That(stderr, Does.Contain("m.ipynb, cell 3: unit \"linear\" is in the metadata only"));
        Assert.That(stderr, Does.Contain("m.ipynb, cell 2, line 1: locked cell \"setup\" has a marker line but no metadata"));
        Assert.That(stderr, Does.Contain("m.ipynb, cell 4: cell id \"dup\" is also the id of cell 3"));

        (code, var stdout, stderr) = Kits.Grader("author", master, "--write", "--course", course);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("repaired m.ipynb, cell 3: added the line `// @unit linear`"));
        Assert.That(stdout, Does.Contain("repaired m.ipynb, cell 2: stamped the checksum of locked cell \"setup\""));
        Assert.That(stdout, Does.Contain("ready to release (homework \"synthetic\")"));
        Course.Tests.Notebooks.Nbformat.AssertValid(master);

        var repaired = Notebook.Load(master);
        Assert.That(repaired.Cells.Select(c => c.Id), Is.Unique.And.All.Match("^[0-9a-f]{8}$|^c[0-9a-f]{7}$|^dup$"));
        Assert.That(repaired.Cells[2].Source, Does.StartWith("// @unit linear\nclass Linear"));
        Assert.That(CellMarkers.MetadataLock(repaired.Cells[1]), Is.EqualTo((true, "setup")));
        Assert.That(CellMarkers.RecordedChecksum(repaired.Cells[1]), Is.EqualTo(CellMarkers.Checksum("code", "// @locked setup\nusing System;")),
            "the checksum covers the source without its hidden tests");
        Assert.That(CellMarkers.RecordedChecksum(repaired.Cells[0]), Is.EqualTo(CellMarkers.Checksum("markdown", "Rules: do not edit.")));

        byte[] once = File.ReadAllBytes(master);
        (code, stdout, _) = Kits.Grader("author", master, "--write", "--course", course);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Not.Contain("repaired"));
        Assert.That(File.ReadAllBytes(master), Is.EqualTo(once), "nothing left to repair, nothing rewritten");
    }

    [Test]
    public void Write_leaves_contradictions_to_the_author_and_still_exits_2()
    {
        string dir = NewDirectory("author-contradiction");
        string master = Write(dir, "m.ipynb", Code("// @locked setup\nint a = 1;", Locked("config")), NoId(Code("int b = 2;")));
        var (code, stdout, stderr) = Kits.Grader("author", master, "--write", "--course", CourseFile(dir));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stdout, Does.Contain("repaired m.ipynb, cell 2: gave the cell the id"));
        Assert.That(stderr, Does.Contain("m.ipynb, cell 1, line 1: the marker says locked \"setup\" but the metadata (course.id) says \"config\""));
        Assert.That(CellMarkers.MetadataLock(Notebook.Load(master).Cells[0]), Is.EqualTo((true, "config")), "the metadata id is not overwritten");
    }

    [Test]
    public void A_repaired_marker_goes_below_a_kernel_selector_which_only_works_on_the_first_line()
    {
        var notebook = Notebook.Load(Write(NewDirectory("author-selector"), "m.ipynb", Code("#!csharp\nclass Linear { }\n#!time\nint x = 1;", Unit("linear"))));
        MasterRepair.Apply(notebook);
        Assert.That(notebook.Cells[0].Source, Is.EqualTo("#!csharp\n// @unit linear\nclass Linear { }\n#!time\nint x = 1;"));
        Assert.That(MasterCheck.Run(notebook, LinearOnly), Is.Empty);
    }

    [Test]
    public void A_master_that_is_not_a_notebook_is_bad_input_in_one_line()
    {
        string path = Path.Combine(NewDirectory("author-bad"), "m.ipynb");
        File.WriteAllText(path, "{ not json");
        var (code, _, stderr) = Kits.Grader("author", path);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim(), Does.StartWith("error: " + path + ": not valid JSON").And.Not.Contain("\n"));
    }

    /// <summary>course.json with one homework listing m.ipynb and grading only "linear".</summary>
    private static string CourseFile(string dir)
    {
        var json = JsonNode.Parse(File.ReadAllText(Repo.Path("course.json")))!;
        var homework = json["homework"]![0]!;
        homework["id"] = "synthetic";
        homework["notebooks"] = new JsonArray("notebooks/m.ipynb");
        homework["units"] = new JsonArray(new JsonObject { ["id"] = "linear", ["points"] = new JsonObject { ["forward"] = 1 } });
        string path = Path.Combine(dir, "course.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
