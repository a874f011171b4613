using Course.Grader.Notebooks;
using Course.Grader.Pipeline;

namespace Course.Tests.Grader;

public class IntakeTests
{
    private static Notebook Notebook(params (string Type, string Source)[] cells)
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["cells"] = new System.Text.Json.Nodes.JsonArray(cells.Select(c => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["cell_type"] = c.Type,
                ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
                ["source"] = c.Source,
            }).ToArray()),
        };
        return Course.Grader.Notebooks.Notebook.Parse(json.ToJsonString(), "test.ipynb");
    }

    [Test]
    public void Allowed_directives_are_blanked_keeping_line_numbers()
    {
        var intake = Intake.Run(Notebook(("code", "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n#r \"../assignments/bin/Release/net10.0/Course.Assignments.dll\"\n#!csharp\n#region setup\nvar x = 1;\n#endregion")));
        Assert.That(intake.Problems, Is.Empty);
        Assert.That(intake.Cells.Single().Code, Is.EqualTo("\n\n\n#region setup\nvar x = 1;\n#endregion"), "C#'s own directives stay");
    }

    [TestCase("#r \"nuget: Newtonsoft.Json\"", "Newtonsoft.Json is not available")]
    [TestCase("#r \"/etc/evil.dll\"", "references a file")]
    [TestCase("#!pwsh", "magic command")]
    [TestCase("#i \"nuget: https://example.org\"", "package sources")]
    [TestCase("#load \"other.csx\"", "#load")]
    [TestCase("#pragma warning disable CS0168", "#pragma")]
    [TestCase("#:package Newtonsoft.Json@13.0.3", "file-based apps")]
    [TestCase("#:include ../secrets.cs", "file-based apps")]
    public void Other_directives_reject_their_cell_with_cell_and_line(string directive, string expected)
    {
        var intake = Intake.Run(Notebook(("markdown", "# title"), ("code", $"var a = 1;\n{directive}")));
        var problem = intake.Problems.Single();
        Assert.That((problem.Cell, problem.Line), Is.EqualTo((2, 2)));
        Assert.That(problem.Message, Does.Contain(expected));
        Assert.That(intake.Cells, Is.Empty, "the cell is not compiled");
    }

    [Test]
    public void Units_are_found_by_marker_and_non_csharp_cells_are_skipped_with_a_warning()
    {
        var intake = Intake.Run(Notebook(("code", "// @unit relu\nclass ReLU {}"), ("code", "#!fsharp\nlet x = 1"), ("code", "// @unit relu\nclass ReLU {}")));
        Assert.That(intake.UnitCells["relu"], Is.EqualTo(3), "the later cell wins");
        Assert.That(intake.Warnings, Has.Some.Contains("cell 2: a fsharp cell"));
        Assert.That(intake.Warnings, Has.Some.Contains("also marked in cell 1"));
        Assert.That(intake.Cells.Select(c => c.Index), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(intake.Warnings, Has.Some.EqualTo("class ReLU is declared in cells 1, 3: the last one (cell 3) is the one graded"));
    }
}
