using Course.Grader.Notebooks;
using Course.Grader.Release;
using Course.Tests.Fixtures;
using Course.Tests.Notebooks;

namespace Course.Tests.Release;

/// <summary>What a student notebook looks like after release: solutions stubbed, hidden tests gone, locked cells
/// stamped with the checksum of what the student receives, roles kept, the library found in the kit.</summary>
[NonParallelizable]
public class ReleasedNotebookTests
{
    private static Notebook Released => Notebook.Load(Path.Combine(Kits.Synthetic.Kit, "notebooks", "synthetic.ipynb"));

    private static NotebookCell Setup => Released.Cells[1];

    [Test]
    public void Hidden_test_regions_are_removed_with_their_markers_and_the_rest_of_the_cell_stays()
    {
        Assert.That(Setup.Source, Is.EqualTo("// @locked setup\n#r \"../lib/Course.Assignments.dll\"\nusing System.Numerics;\nusing Course;\nConsole.WriteLine(\"setup done\");"));
    }

    [Test]
    public void Solutions_become_stubs_and_the_unit_keeps_its_marker_and_metadata()
    {
        var unit = Released.Cells[2];
        Assert.That(unit.Source, Does.StartWith("// @unit linear\n"));
        Assert.That(CellMarkers.MetadataUnit(unit), Is.EqualTo("linear"));
        Assert.That(unit.Source, Does.Not.Contain("0.4242").And.Not.Contain("SOLUTION"));
        Assert.That(unit.Source.Split('\n').Count(l => l.Trim() == SolutionStripper.Stub), Is.EqualTo(2));
    }

    [Test]
    public void Locked_cells_carry_the_checksum_of_their_released_source_and_jupyters_lock_flags()
    {
        var locked = Released.Cells.Where(c => CellMarkers.LockedId(c) is not null).ToList();
        Assert.That(locked.Select(c => CellMarkers.LockedId(c)), Is.EqualTo(new[] { "setup", "rules" }));
        foreach (var cell in locked)
        {
            Assert.That(CellMarkers.RecordedChecksum(cell), Is.EqualTo(CellMarkers.Checksum(cell)), $"cell {cell.Index}");
            Assert.That(cell.Metadata["editable"]!.GetValue<bool>(), Is.False);
        }
        // The master's checksum (before its hidden tests are removed) would not match the student's cell.
        var masterSetup = Notebook.Load(Kits.Synthetic.Master).Cells[1];
        Assert.That(CellMarkers.RecordedChecksum(Setup), Is.Not.EqualTo(CellMarkers.Checksum(masterSetup)));
    }

    [Test]
    public void Author_write_stamps_the_master_with_the_same_checksum_the_release_gives_the_student()
    {
        string copy = Path.Combine(MasterNotebooks.NewDirectory("stamp"), "synthetic.ipynb");
        File.Copy(Kits.Synthetic.Master, copy);
        var master = Notebook.Load(copy);
        MasterRepair.Apply(master);
        Assert.That(CellMarkers.RecordedChecksum(master.Cells[1]), Is.EqualTo(CellMarkers.RecordedChecksum(Setup)));
        Assert.That(CellMarkers.RecordedChecksum(master.Cells[3]), Is.EqualTo(CellMarkers.RecordedChecksum(Released.Cells[3])));
    }

    [Test]
    public void Released_notebooks_have_no_outputs_and_validate_with_nbformat()
    {
        var notebooks = new[] { Path.Combine(Kits.Synthetic.Kit, "notebooks", "synthetic.ipynb") }
            .Concat(Kits.RealMasters.Select(m => Path.Combine(Kits.Real, "notebooks", Path.GetFileName(m))));
        foreach (var path in notebooks)
        {
            Course.Tests.Notebooks.Nbformat.AssertValid(path);
            Assert.That(File.ReadAllText(path), Does.Not.Contain("\"output_type\""), path);
        }
    }

    [Test]
    public void The_real_kit_has_every_part_and_its_notebooks_reference_the_kit_library()
    {
        string kit = Kits.Real;
        foreach (var part in new[] { "README.md", "check.sh", "run.sh", "lib/Course.Assignments.dll", "lib/Course.Assignments.xml",
                     "lib/System.Numerics.Tensors.dll", "tools/check/course-check.dll", "tools/check/worker/Course.Worker.dll",
                     "notebooks/data/mnist/README.md", "notebooks/02-fully-connected.ipynb" })
            Assert.That(File.Exists(Path.Combine(kit, part)), part);
        string code = string.Join("\n", Notebook.Load(Path.Combine(kit, "notebooks", "02-fully-connected.ipynb")).Cells.Where(c => c.IsCSharp).Select(c => c.Source));
        Assert.That(code, Does.Contain("#r \"../lib/Course.Assignments.dll\"").And.Not.Contain("assignments/bin"));
        Assert.That(File.GetUnixFileMode(Path.Combine(kit, "check.sh")).HasFlag(UnixFileMode.UserExecute));
    }

    [Test]
    public void The_readme_tells_students_the_units_points_deadlines_and_how_grading_works()
    {
        string readme = File.ReadAllText(Path.Combine(Kits.Real, "README.md"));
        var homework = Repo.Course.FindHomework("fully-connected")!;
        Assert.That(readme, Does.Contain("| `linear` | 4 | 6 | 2 |").And.Contain("| `xavier` | 2 | – | – |"));
        Assert.That(readme, Does.Contain("2026-10-05 23:59").And.Contain("2026-10-19 23:59").And.Contain("0.5 course points"));
        Assert.That(readme, Does.Contain("./check.sh").And.Contain("./run.sh").And.Contain("reference implementation").And.Contain("speed"));
        Assert.That(readme, Does.Contain($"Worth {homework.Points} course points"));
    }

    [Test]
    public void A_master_with_a_broken_region_stops_the_release_before_anything_is_written()
    {
        string root = MasterNotebooks.NewDirectory("broken");
        MasterNotebooks.Write(Path.Combine(root, "notebooks"), "broken.ipynb",
            MasterNotebooks.Code("// @unit linear\nclass A\n{\n    // BEGIN SOLUTION\n    int x;\n}", MasterNotebooks.Unit("linear")));
        string kit = Path.Combine(root, "kit");
        var e = Assert.Throws<ReleaseException>(() => Releaser.Release(MasterNotebooks.Course(["notebooks/broken.ipynb"], "linear"), root, kit));
        Assert.That(e!.Message, Does.StartWith("broken.ipynb, cell 1, line 4: // BEGIN SOLUTION is never closed"));
        Assert.That(Directory.Exists(kit), Is.False);
    }

    [Test]
    public void Release_replaces_a_kit_it_wrote_but_never_clears_another_folder()
    {
        var (root, _, _) = Kits.Synthetic;
        var course = MasterNotebooks.Course(["notebooks/synthetic.ipynb"], "linear");
        string kit = Path.Combine(MasterNotebooks.NewDirectory("again"), "kit");
        Releaser.Release(course, root, kit);
        File.WriteAllText(Path.Combine(kit, "stale.txt"), "from an older release");
        Releaser.Release(course, root, kit);
        Assert.That(File.Exists(Path.Combine(kit, "stale.txt")), Is.False);

        string other = MasterNotebooks.NewDirectory("someones-folder");
        File.WriteAllText(Path.Combine(other, "thesis.tex"), "precious");
        var e = Assert.Throws<ReleaseException>(() => Releaser.Release(course, root, other));
        Assert.That(e!.Message, Does.Contain("not empty and is not a kit"));
        Assert.That(File.Exists(Path.Combine(other, "thesis.tex")));
    }
}
