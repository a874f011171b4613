using System.Text.Json.Nodes;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>
/// Students hand in notebooks that differ from what they were given in shape, not just in answers. Each test takes
/// the master, does to it what a student or an editor does, and checks the repair and where each unit is found.
/// </summary>
public class ReconcilerTests
{
    private static readonly Notebook Master = Notebook.Load(Repo.MasterNotebook);

    private static readonly IReadOnlyList<UnitClass> Units =
        Repo.Course.FindHomework("fully-connected")!.Units
            .Select(u => new UnitClass(u.Id, Course.Grader.Units.UnitCatalog.Find("fully-connected", u.Id)!.ClassName)).ToList();

    /// <summary>The master's cells as JSON, to edit as a student would.</summary>
    private static JsonArray Cells(out JsonObject root)
    {
        root = (JsonObject)Master.Root.DeepClone();
        return (JsonArray)root["cells"]!;
    }

    private static Reconciliation Reconcile(JsonObject root) =>
        Reconciler.Reconcile(Notebook.Parse(root.ToJsonString(), "student.ipynb"), Master, Units);

    private static int IndexOfUnit(JsonArray cells, string unit) =>
        cells.Select((c, i) => (c, i)).Single(x => x.c!["metadata"]?["course"]?["unit"]?.GetValue<string>() == unit).i;

    private static int IndexOfLocked(JsonArray cells, string id) =>
        cells.Select((c, i) => (c, i)).Single(x => x.c!["metadata"]?["course"]?["id"]?.GetValue<string>() == id).i;

    private static string SourceOf(Notebook notebook, int cell) => notebook.Cells[cell - 1].Source;

    private static string Source(JsonNode cell) => string.Concat(cell["source"]!.AsArray().Select(l => l!.GetValue<string>()));

    private static void SetSource(JsonNode cell, string source) =>
        cell["source"] = new JsonArray(NotebookCell.SplitLines(source).Select(l => (JsonNode)l).ToArray());

    [Test]
    public void The_master_needs_no_repair_and_every_unit_is_found_at_its_marked_cell()
    {
        var result = Reconcile((JsonObject)Master.Root.DeepClone());
        Assert.That(result.Repairs, Is.Empty);
        Assert.That(result.MissingUnits, Is.Empty);
        Assert.That(result.UnitCells, Has.Count.EqualTo(Units.Count));
        var cells = (JsonArray)Master.Root["cells"]!;
        foreach (var unit in Units) Assert.That(result.UnitCells[unit.Id], Is.EqualTo(IndexOfUnit(cells, unit.Id) + 1), unit.Id);
    }

    [Test]
    public void An_edited_locked_cell_is_restored_and_the_student_is_told()
    {
        var cells = Cells(out var root);
        int setup = IndexOfLocked(cells, "setup");
        SetSource(cells[setup]!, Source(cells[setup]!).Replace("using Course.Data;\n", "").Replace("#r \"nuget: Plotly.NET, 6.0.0\"", "#r \"nuget: Evil, 1.0\""));
        var result = Reconcile(root);
        Assert.That(SourceOf(result.Notebook, setup + 1), Is.EqualTo(Master.Cells[setup].Source));
        Assert.That(result.Repairs.Single(), Does.Contain($"cell {setup + 1} is the locked cell \"setup\" and was edited"));
    }

    [Test]
    public void A_deleted_locked_cell_is_restored_before_the_first_code_cell()
    {
        var cells = Cells(out var root);
        int setup = IndexOfLocked(cells, "setup");
        cells.RemoveAt(setup);
        var result = Reconcile(root);
        var restored = result.Notebook.Cells.First(c => c.CellType == "code");
        Assert.That(CellMarkers.LockedId(restored), Is.EqualTo("setup"));
        Assert.That(restored.Source, Is.EqualTo(Master.Cells[setup].Source));
        Assert.That(result.Repairs, Has.Some.Contains("the locked cell \"setup\" was missing; restored from the master"));
        Assert.That(result.Repairs, Has.Some.Contains("cell numbers in this report count the repaired notebook"));
        Assert.That(result.MissingUnits, Is.Empty);
    }

    [Test]
    public void A_locked_cell_moved_below_code_that_needs_it_is_put_back()
    {
        var cells = Cells(out var root);
        int setup = IndexOfLocked(cells, "setup");
        var node = cells[setup]!;
        cells.RemoveAt(setup);
        cells.Add(node); // the setup cell (usings, #r) now comes last
        var result = Reconcile(root);
        Assert.That(CellMarkers.LockedId(result.Notebook.Cells.First(c => c.CellType == "code")), Is.EqualTo("setup"));
        Assert.That(result.Repairs, Has.Some.Contains("the locked cell \"setup\"").And.Contains("out of place"));
        Assert.That(result.Notebook.Cells.Count(c => CellMarkers.LockedId(c) == "setup"), Is.EqualTo(1));
    }

    [Test]
    public void A_self_check_moved_above_the_units_it_tests_goes_back_after_them()
    {
        var cells = Cells(out var root);
        int check = IndexOfLocked(cells, "self-check-gradients");
        var node = cells[check]!;
        cells.RemoveAt(check);
        cells.Insert(IndexOfUnit(cells, "linear"), node);
        var result = Reconcile(root);
        var notebook = result.Notebook;
        int checkAt = notebook.Cells.Single(c => CellMarkers.LockedId(c) == "self-check-gradients").Index;
        Assert.That(checkAt, Is.GreaterThan(result.UnitCells.Values.Max()), "after every unit cell, as in the master");
        Assert.That(result.Repairs, Has.Some.Contains("put back after the cell of unit he"));
    }

    [Test]
    public void A_duplicated_locked_cell_keeps_one_copy()
    {
        var cells = Cells(out var root);
        int check = IndexOfLocked(cells, "self-check-forward");
        var copy = cells[check]!.DeepClone();
        copy["id"] = "deadbeef";
        cells.Insert(check + 1, copy);
        var result = Reconcile(root);
        Assert.That(result.Notebook.Cells.Count(c => CellMarkers.LockedId(c) == "self-check-forward"), Is.EqualTo(1));
        Assert.That(result.Repairs, Has.Some.Contains($"cell {check + 2} was a copy of the locked cell \"self-check-forward\""));
    }

    [Test]
    public void A_locked_cell_that_lost_marker_and_metadata_is_found_by_its_id()
    {
        var cells = Cells(out var root);
        int setup = IndexOfLocked(cells, "setup");
        cells[setup]!["metadata"] = new JsonObject();
        SetSource(cells[setup]!, Source(cells[setup]!).Replace("// @locked setup\n", ""));
        var result = Reconcile(root);
        Assert.That(result.Notebook.Cells.Count(c => CellMarkers.LockedId(c) == "setup"), Is.EqualTo(1), "restored in place, not added");
        Assert.That(result.Notebook.Cells[setup].Source, Is.EqualTo(Master.Cells[setup].Source));
    }

    [Test]
    public void A_copy_released_before_the_master_changed_is_not_an_edit_and_an_edit_after_release_is()
    {
        // Released with the old text (its checksum recorded); the instructor has since fixed the master's cell.
        var cells = Cells(out var root);
        int setup = IndexOfLocked(cells, "setup");
        string old = Source(cells[setup]!).Replace("using System.Numerics;", "using System.Numerics; // old");
        SetSource(cells[setup]!, old);
        cells[setup]!["metadata"]!["course"]!["checksum"] = CellMarkers.Checksum("code", old);
        var untouched = Reconcile(root);
        Assert.That(untouched.Repairs, Is.Empty);
        Assert.That(untouched.Notebook.Cells[setup].Source, Is.EqualTo(Master.Cells[setup].Source), "the fixed text is graded");

        SetSource(cells[setup]!, old + "\nvar mine = 1;");
        Assert.That(Reconcile(root).Repairs.Single(), Does.Contain("was edited"));
    }

    [Test]
    public void A_unit_cell_turned_into_markdown_becomes_code_again()
    {
        var cells = Cells(out var root);
        int linear = IndexOfUnit(cells, "linear");
        var cell = (JsonObject)cells[linear]!;
        cell["cell_type"] = "markdown";
        cell.Remove("outputs");
        cell.Remove("execution_count");
        var result = Reconcile(root);
        Assert.That(result.Notebook.Cells[linear].IsCSharp, Is.True);
        Assert.That(result.UnitCells["linear"], Is.EqualTo(linear + 1));
        Assert.That(result.Repairs.Single(), Does.Contain($"cell {linear + 1} is a markdown cell but holds unit linear"));
    }

    [Test]
    public void A_unit_cell_without_marker_or_metadata_is_found_by_its_id_or_else_by_its_class()
    {
        var cells = Cells(out var root);
        int relu = IndexOfUnit(cells, "relu"), elu = IndexOfUnit(cells, "elu");
        foreach (int i in new[] { relu, elu })
        {
            cells[i]!["metadata"] = new JsonObject();
            SetSource(cells[i]!, string.Join('\n', Source(cells[i]!).Split('\n').Where(l => !l.Contains("// @unit"))));
        }
        cells[elu]!["id"] = "0123abcd"; // pasted as a new cell: a fresh id
        var result = Reconcile(root);
        Assert.That((result.UnitCells["relu"], result.UnitCells["elu"]), Is.EqualTo((relu + 1, elu + 1)));
        Assert.That(result.Repairs, Has.Some.Contains("unit relu: its marker line `// @unit relu` is gone; found its cell"));
        Assert.That(result.Repairs, Has.Some.Contains($"unit elu: no cell is marked `// @unit elu`; graded class ELU from cell {elu + 1}"));
    }

    [Test]
    public void A_split_unit_cell_is_graded_from_the_part_that_declares_the_class()
    {
        var cells = Cells(out var root);
        int linear = IndexOfUnit(cells, "linear");
        string source = Source(cells[linear]!);
        int split = source.IndexOf("public class Linear", StringComparison.Ordinal);
        split = source.LastIndexOf('\n', split) + 1; // keep the doc comment above with the marker
        split = source.LastIndexOf("/// <summary>", split, StringComparison.Ordinal) is var doc and >= 0 ? doc : split;
        var below = new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = "5p1175p1", ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
        };
        SetSource(below, source[split..]);
        SetSource(cells[linear]!, source[..split]);
        cells.Insert(linear + 1, below);
        var result = Reconcile(root);
        Assert.That(result.UnitCells["linear"], Is.EqualTo(linear + 2));
        Assert.That(result.Repairs.Single(), Does.Contain($"class Linear is declared in cell {linear + 2}, not in the cell marked for it ({linear + 1})"));
    }

    [Test]
    public void Merged_unit_cells_grade_both_units_from_the_one_cell()
    {
        var cells = Cells(out var root);
        int relu = IndexOfUnit(cells, "relu"), leaky = IndexOfUnit(cells, "leaky_relu");
        SetSource(cells[relu]!, Source(cells[relu]!) + "\n\n" + Source(cells[leaky]!));
        cells.RemoveAt(leaky);
        var result = Reconcile(root);
        Assert.That((result.UnitCells["relu"], result.UnitCells["leaky_relu"]), Is.EqualTo((relu + 1, relu + 1)));
        Assert.That(result.Repairs.Single(), Does.Contain($"cell {relu + 1} holds the units relu, leaky_relu"));
    }

    [Test]
    public void Reordered_unit_cells_are_all_found_without_complaint()
    {
        var cells = Cells(out var root);
        int first = IndexOfUnit(cells, "linear"), last = IndexOfUnit(cells, "he");
        var block = Enumerable.Range(first, last - first + 1).Select(i => cells[i]!).ToList();
        for (int i = last; i >= first; i--) cells.RemoveAt(i);
        block.Reverse();
        for (int i = 0; i < block.Count; i++) cells.Insert(first + i, block[i]);
        var result = Reconcile(root);
        Assert.That(result.Repairs, Is.Empty);
        Assert.That(result.MissingUnits, Is.Empty);
        Assert.That(result.UnitCells["he"], Is.EqualTo(first + 1));
    }

    [Test]
    public void A_deleted_unit_cell_is_reported_missing_and_the_rest_graded()
    {
        var cells = Cells(out var root);
        cells.RemoveAt(IndexOfUnit(cells, "softplus"));
        var result = Reconcile(root);
        Assert.That(result.MissingUnits, Is.EqualTo(new[] { "softplus" }));
        Assert.That(result.UnitCells, Has.Count.EqualTo(Units.Count - 1));
    }

    [Test]
    public void A_notebook_with_none_of_the_homework_is_beyond_repair_and_says_what_is_missing()
    {
        var notebook = Notebook.Parse("""
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [], "source": "Console.WriteLine(42);"}]}
            """, "other.ipynb");
        var e = Assert.Throws<UngradableException>(() => Reconciler.Reconcile(notebook, null, Units))!;
        Assert.That(e.Message, Does.StartWith("other.ipynb: none of the homework's graded cells were found"));
        Assert.That(e.Message, Does.Contain("class Linear, ReLU"));
        Assert.That(e.Message, Does.Contain("Start again from the released notebook"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Hidden_tests_of_a_locked_cell_are_neither_counted_as_an_edit_nor_put_into_what_is_graded()
    {
        // A master whose locked cell has hidden tests; the student's copy is the released one (hidden part removed).
        var masterRoot = (JsonObject)Master.Root.DeepClone();
        var masterCells = (JsonArray)masterRoot["cells"]!;
        int check = IndexOfLocked(masterCells, "self-check-forward");
        string released = Source(masterCells[check]!);
        SetSource(masterCells[check]!, released + "\n// BEGIN HIDDEN TESTS\nvar secret = 42;\n// END HIDDEN TESTS\n");
        var master = Notebook.Parse(masterRoot.ToJsonString(), "master.ipynb");

        var student = Notebook.Parse(Master.Root.ToJsonString(), "student.ipynb");
        var result = Reconciler.Reconcile(student, master, Units);
        Assert.That(result.Repairs, Is.Empty);
        Assert.That(result.Notebook.Cells[check].Source, Does.Not.Contain("secret").And.Not.Contain("HIDDEN"));
        Assert.That(result.Notebook.Cells[check].Source.TrimEnd('\n'), Is.EqualTo(released.TrimEnd('\n')));
    }
    [Test]
    public void A_markdown_note_quoting_markers_in_a_code_block_is_not_taken_for_a_graded_or_locked_cell()
    {
        var cells = Cells(out var root);
        var note = new JsonObject { ["cell_type"] = "markdown", ["id"] = "n0te0001", ["metadata"] = new JsonObject() };
        SetSource(note, "My notes on the homework:\n```csharp\n// @locked setup\n// @unit relu\npublic class ReLUDraft { }\n```\n");
        cells.Insert(IndexOfLocked(cells, "setup"), note);
        var result = Reconcile(root);
        Assert.That(result.Repairs, Is.Empty);
        Assert.That(result.Notebook.Cells.Single(c => c.Id == "n0te0001").CellType, Is.EqualTo("markdown"));
        Assert.That(result.UnitCells["relu"], Is.EqualTo(IndexOfUnit(cells, "relu") + 1));
    }
}

/// <summary>The repair step inside real grading: a mangled notebook still gets the points its code earns.</summary>
[NonParallelizable]
public class GradingRepairedNotebookTests
{
    [Test]
    public void A_notebook_with_its_setup_deleted_and_a_unit_cell_turned_into_markdown_grades_in_full_with_the_repairs_listed()
    {
        var root = (JsonObject)Notebook.Load(Repo.MasterNotebook).Root.DeepClone();
        var cells = (JsonArray)root["cells"]!;
        int setup = cells.Select((c, i) => (c, i)).Single(x => x.c!["metadata"]?["course"]?["id"]?.GetValue<string>() == "setup").i;
        cells.RemoveAt(setup); // without it nothing compiles: no usings, no course library
        var linear = (JsonObject)cells.Single(c => c!["metadata"]?["course"]?["unit"]?.GetValue<string>() == "linear")!;
        linear["cell_type"] = "markdown";
        linear.Remove("outputs");
        linear.Remove("execution_count");
        string path = Path.Combine(Submissions.Directory, $"mangled-{Guid.NewGuid():N}", "02-fully-connected.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString());

        var report = GradingPipeline.Grade(new GradeOptions(path, OnlyUnits: ["linear", "relu"], Speed: GradingFixtureTests.QuickSpeed), Repo.Course);
        Assert.That(report.Checks.Where(c => c.Points < c.MaxPoints).Select(c => $"{c.Unit}/{c.Check}: {c.Message}"), Is.Empty);
        Assert.That(report.Warnings, Has.Some.StartsWith("repaired: the locked cell \"setup\" was missing"));
        Assert.That(report.Warnings, Has.Some.StartsWith("repaired: cell").And.Contains("holds unit linear; it was turned back into a code cell"));
    }

    [Test]
    public void A_deleted_unit_cell_costs_that_unit_with_a_message_saying_what_is_missing()
    {
        var root = (JsonObject)Notebook.Load(Repo.MasterNotebook).Root.DeepClone();
        var cells = (JsonArray)root["cells"]!;
        cells.Remove(cells.Single(c => c!["metadata"]?["course"]?["unit"]?.GetValue<string>() == "softplus"));
        string path = Path.Combine(Submissions.Directory, $"no-softplus-{Guid.NewGuid():N}", "02-fully-connected.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString());

        var report = GradingPipeline.Grade(new GradeOptions(path, OnlyUnits: ["softplus", "tanh"], Speed: GradingFixtureTests.QuickSpeed), Repo.Course);
        Assert.That(report.Checks.Where(c => c.Unit == "softplus").Select(c => c.Points), Is.All.Zero);
        Assert.That(report.Checks.First(c => c.Unit == "softplus").Message,
            Does.Contain("the cell of unit softplus is missing: no cell is marked `// @unit softplus` and none declares class Softplus"));
        Assert.That(report.Checks.Where(c => c.Unit == "tanh").Sum(c => c.Points), Is.EqualTo(report.Checks.Where(c => c.Unit == "tanh").Sum(c => c.MaxPoints)));
    }
}
