using System.Globalization;
using System.Text.RegularExpressions;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Grader.Release;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// The autodiff master notebook (notebooks/01-autodiff.ipynb): valid nbformat, one graded cell per unit of the
/// homework's table in assignments/README.md, clean for the author check, runs top to bottom with every self-check
/// passing and both models trained to their targets, and released as stubs that still compile.
/// </summary>
[NonParallelizable]
public partial class AutodiffNotebookTests
{
    private static string MasterPath => Repo.AutodiffMaster;

    // One run of the master shared by the tests that read its outputs (it takes ~15 s).
    private static readonly Lazy<RunReport> MasterRun = new(() => NotebookRunner.Run(MasterPath, TimeSpan.FromMinutes(2)));

    private static string Printed => string.Concat(MasterRun.Value.Outputs.Select(o => o.Stdout));

    [Test]
    public void The_master_validates_with_nbformat() => Nbformat.AssertValid(MasterPath);

    [Test]
    public void Every_unit_of_the_readme_table_has_exactly_one_graded_cell_declaring_its_class()
    {
        var units = AutodiffUnitsFromReadme();
        Assert.That(units, Has.Count.EqualTo(19), "the README's autodiff table lists 18 operations and the engine");

        var notebook = Notebook.Load(MasterPath);
        foreach (var (unit, className) in units)
        {
            var cells = notebook.Cells.Where(c => c.CellType == "code" && CellMarkers.UnitMarkers(c.Source).Contains(unit)).ToList();
            Assert.That(cells, Has.Count.EqualTo(1), $"unit {unit}: cells marked `// @unit {unit}`");
            Assert.That(CellMarkers.MetadataUnit(cells[0]), Is.EqualTo(unit), $"unit {unit}: metadata course.unit");
            Assert.That(cells[0].Source, Does.Contain($"public class {className}<T> :"), $"unit {unit} declares {className}<T>");
            Assert.That(cells[0].Source, Does.Contain(SolutionStripper.Begin), $"unit {unit} has a solution region");
        }
        var marked = notebook.Cells.SelectMany(c => CellMarkers.UnitMarkers(c.Source)).ToList();
        Assert.That(marked, Is.EquivalentTo(units.Select(u => u.Unit)), "no graded cell outside the table");
    }

    [Test]
    public void The_author_check_finds_no_problem()
    {
        var problems = MasterCheck.Run(Notebook.Load(MasterPath), homework: null);
        Assert.That(problems.Select(p => p.ToString()), Is.Empty);
    }

    [Test]
    public void The_master_runs_headlessly_without_errors_and_every_self_check_passes()
    {
        var report = MasterRun.Value;
        Assert.That(report.StoppedBecause, Is.Null);
        Assert.That(report.Outputs.Where(o => o.ErrorName is not null).Select(o => $"cell {o.Cell}: {o.ErrorName} {o.ErrorMessage}"), Is.Empty);
        Assert.That(report.Outputs.Select(o => o.Stderr), Has.All.Empty);
        Assert.That(Printed, Does.Contain("All operation self-checks passed."));
        Assert.That(Printed, Does.Contain("All engine self-checks passed."));
        Assert.That(Printed, Does.Not.Contain("FAIL"));
        // One "ok" line per check: at least one per operation and ten for the engine.
        Assert.That(Regex.Matches(Printed, @"^ok   engine ", RegexOptions.Multiline), Has.Count.EqualTo(10));
        foreach (var (unit, _) in AutodiffUnitsFromReadme().Where(u => u.Unit != "engine"))
            Assert.That(Printed, Does.Match($@"(?m)^ok   {unit} "), $"a passing self-check line for {unit}");
    }

    [Test]
    public void The_two_layer_network_reaches_100_percent_on_xor_and_95_percent_on_the_moons()
    {
        Assert.That(Accuracy("XOR"), Is.EqualTo(100.0));
        Assert.That(Accuracy("Moons"), Is.GreaterThanOrEqualTo(95.0));
        Assert.That(Accuracy("Logistic regression"), Is.GreaterThanOrEqualTo(95.0), "the blobs are linearly separable");
        TestContext.Out.WriteLine($"XOR {Accuracy("XOR")} %, moons {Accuracy("Moons")} %, longest cell {MasterRun.Value.Outputs.Max(o => o.Seconds):0.0} s");
    }

    [Test]
    public void The_outputs_hold_the_decision_boundary_and_the_loss_curves_rendered_offline()
    {
        var charts = MasterRun.Value.Outputs.SelectMany(o => o.Displays).Select(d => d["text/html"]).OfType<string>().ToList();
        var boundary = charts.SingleOrDefault(html => html.Contains("\"type\":\"contour\",\"name\":\"P(class 1)\""));
        Assert.That(boundary, Is.Not.Null, "a contour of the network's probability over the plane");
        Assert.That(boundary, Does.Contain("\"name\":\"class 0\"").And.Contain("\"name\":\"class 1\""), "the points on top of it");
        Assert.That(boundary, Does.Contain("Plotly.newPlot").And.Contain("plotly.js v2"), "rendered offline, plotly.js inlined");
        Assert.That(charts.Where(html => html.Contains("\"name\":\"XOR\"") && html.Contains("\"name\":\"moons\"")), Has.Exactly(1).Items,
            "one loss chart with both training curves");
    }

    [Test]
    public void The_released_notebook_has_stubs_that_compile_and_self_checks_that_say_not_implemented()
    {
        // The student version as release writes it, in a kit-shaped folder: notebooks/ next to lib/.
        string kit = RunNotebooks.NewFolder();
        Directory.CreateDirectory(Path.Combine(kit, "notebooks"));
        Directory.CreateDirectory(Path.Combine(kit, "lib"));
        File.Copy(typeof(Tensor<double>).Assembly.Location, Path.Combine(kit, "lib", "Course.Assignments.dll"));
        var notebook = Notebook.Load(MasterPath);
        StudentVersion.Apply(notebook, "01-autodiff.ipynb");
        string released = Path.Combine(kit, "notebooks", "01-autodiff.ipynb");
        notebook.Save(released);
        Nbformat.AssertValid(released);

        var unitCells = notebook.Cells.Where(c => CellMarkers.UnitMarkers(c.Source).Count > 0).ToList();
        Assert.That(unitCells, Has.Count.EqualTo(19));
        Assert.That(unitCells.Select(c => c.Source), Has.All.Contain(SolutionStripper.Stub).And.All.Not.Contain("BEGIN SOLUTION"));

        var report = NotebookRunner.Run(released, TimeSpan.FromMinutes(1));
        Assert.That(report.Outputs.Where(o => o.ErrorName == "CompilationError").Select(o => $"cell {o.Cell}: {o.ErrorMessage}"), Is.Empty);
        string printed = string.Concat(report.Outputs.Select(o => o.Stdout));
        Assert.That(printed, Does.Contain("FAIL add").And.Contain("not implemented yet"));
        Assert.That(printed, Does.Contain("operation self-check(s) failed or are not implemented yet"));
        Assert.That(printed, Does.Contain("engine self-check(s) failed or are not implemented yet"));
    }

    /// <summary>(unit id, class name) of every row of the README's "Graded units of the autodiff homework" table.</summary>
    private static List<(string Unit, string ClassName)> AutodiffUnitsFromReadme()
    {
        string readme = File.ReadAllText(Repo.Path("assignments", "README.md"));
        int start = readme.IndexOf("## Graded units of the autodiff homework", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "assignments/README.md has the autodiff table");
        string section = readme[start..];
        int next = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        if (next > 0) section = section[..next];
        return TableRow().Matches(section).Select(m => (m.Groups["unit"].Value, m.Groups["class"].Value)).ToList();
    }

    [GeneratedRegex(@"^\| `(?<unit>[a-z_]+)` \| `(?<class>[A-Za-z]+)<T>", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    private static double Accuracy(string model)
    {
        var match = Regex.Match(Printed, $@"^{Regex.Escape(model)}:.*accuracy (?<value>\d+(\.\d+)?) %", RegexOptions.Multiline);
        Assert.That(match.Success, $"the notebook prints the accuracy of {model}");
        return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
    }
}
