using System.Globalization;
using System.Text.RegularExpressions;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Grader.Release;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// The optimizers master notebook (notebooks/03-optimizers.ipynb): valid nbformat, one graded cell per unit of the
/// homework's table in assignments/README.md, clean for the author check, runs top to bottom with every self-check
/// passing, draws the two trajectory charts and the loss curves offline, prints a held-out accuracy per optimizer,
/// and is released as stubs that still compile.
/// </summary>
[NonParallelizable]
public partial class OptimizersNotebookTests
{
    private static string MasterPath => Repo.Path("notebooks", "03-optimizers.ipynb");

    // One run of the master shared by the tests that read its outputs (it takes ~20 s).
    private static readonly Lazy<RunReport> MasterRun = new(() => NotebookRunner.Run(MasterPath, TimeSpan.FromMinutes(2)));

    private static string Printed => string.Concat(MasterRun.Value.Outputs.Select(o => o.Stdout));

    private static readonly string[] Optimizers = ["SGD", "Momentum", "Nesterov", "RMSProp", "AdaDelta", "Adam", "AdamW"];

    [Test]
    public void The_master_validates_with_nbformat() => Nbformat.AssertValid(MasterPath);

    [Test]
    public void Every_unit_of_the_readme_table_has_exactly_one_graded_cell_declaring_its_class()
    {
        var units = OptimizerUnitsFromReadme();
        Assert.That(units, Has.Count.EqualTo(11), "the README's optimizers table lists 7 optimizers, clipping and 3 schedules");

        var notebook = Notebook.Load(MasterPath);
        foreach (var (unit, className, generic) in units)
        {
            var cells = notebook.Cells.Where(c => c.CellType == "code" && CellMarkers.UnitMarkers(c.Source).Contains(unit)).ToList();
            Assert.That(cells, Has.Count.EqualTo(1), $"unit {unit}: cells marked `// @unit {unit}`");
            Assert.That(CellMarkers.MetadataUnit(cells[0]), Is.EqualTo(unit), $"unit {unit}: metadata course.unit");
            string declaration = generic ? $"public class {className}<T> :" : $"public class {className} :";
            Assert.That(cells[0].Source, Does.Contain(declaration), $"unit {unit} declares {className}");
            Assert.That(cells[0].Source, Does.Contain(SolutionStripper.Begin), $"unit {unit} has a solution region");
        }
        var marked = notebook.Cells.SelectMany(c => CellMarkers.UnitMarkers(c.Source)).ToList();
        Assert.That(marked, Is.EquivalentTo(units.Select(u => u.Unit)), "no graded cell outside the table");
    }

    [Test]
    public void The_author_check_finds_no_problem_against_the_homework_of_course_json()
    {
        var homework = Repo.Course.FindHomework("optimizers");
        Assert.That(homework, Is.Not.Null, "course.json lists the optimizers homework");
        var problems = MasterCheck.Run(Notebook.Load(MasterPath), homework);
        Assert.That(problems.Select(p => p.ToString()), Is.Empty);
    }

    [Test]
    public void The_master_runs_headlessly_without_errors_and_every_self_check_passes()
    {
        var report = MasterRun.Value;
        Assert.That(report.StoppedBecause, Is.Null);
        Assert.That(report.Outputs.Where(o => o.ErrorName is not null).Select(o => $"cell {o.Cell}: {o.ErrorName} {o.ErrorMessage}"), Is.Empty);
        Assert.That(report.Outputs.Select(o => o.Stderr), Has.All.Empty);
        Assert.That(Printed, Does.Contain("All optimizer self-checks passed."));
        Assert.That(Printed, Does.Not.Contain("FAIL"));
        // Two checks per optimizer (defaults; other hyper-parameters with weight decay and a changing rate), two for
        // clipping, two for each schedule but the exponential one.
        Assert.That(Regex.Matches(Printed, @"^ok   [a-z_]+ ", RegexOptions.Multiline), Has.Count.EqualTo(21));
        foreach (var (unit, _, _) in OptimizerUnitsFromReadme())
            Assert.That(Printed, Does.Match($@"(?m)^ok   {unit} "), $"a passing self-check line for {unit}");
    }

    [Test]
    public void The_outputs_hold_two_trajectory_contours_and_the_loss_curves_rendered_offline()
    {
        var charts = MasterRun.Value.Outputs.SelectMany(o => o.Displays).Select(d => d["text/html"]).OfType<string>().ToList();
        Assert.That(charts, Has.Count.EqualTo(3), "the quadratic, Rosenbrock and the MNIST loss curves");
        Assert.That(charts, Has.All.Contain("Plotly.newPlot"));
        Assert.That(charts[0], Does.Contain("plotly.js v2"), "plotly.js inlined with the first chart, so it renders offline");

        foreach (string surface in new[] { "\"type\":\"contour\",\"name\":\"½(x² + 25y²)\"", "\"type\":\"contour\",\"name\":\"log₁₀(1 + Rosenbrock)\"" })
        {
            var chart = charts.SingleOrDefault(html => html.Contains(surface));
            Assert.That(chart, Is.Not.Null, $"a contour chart {surface}");
            foreach (string optimizer in Optimizers)
                Assert.That(chart, Does.Contain($"\"type\":\"scatter\",\"name\":\"{optimizer} η="), $"{optimizer}'s trajectory on {surface}");
        }

        var losses = charts.SingleOrDefault(html => html.Contains("training loss (smoothed)"));
        Assert.That(losses, Is.Not.Null, "the loss-curve chart");
        Assert.That(Regex.Matches(losses!, "\"type\":\"scatter\",\"name\":"), Has.Count.EqualTo(Optimizers.Length + 1),
            "one curve per optimizer and one for AdamW with a schedule and clipping");
    }

    [Test]
    public void Every_optimizer_trains_the_mnist_network_to_a_printed_held_out_accuracy()
    {
        var accuracies = Regex.Matches(Printed, @"^(?<name>\S+) η=.*held-out accuracy (?<value>\d+\.\d+) %$", RegexOptions.Multiline)
            .Select(m => (Name: m.Groups["name"].Value, Accuracy: double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.That(accuracies.Select(a => a.Name).Distinct(), Is.EquivalentTo(Optimizers), "a held-out accuracy for every optimizer");
        Assert.That(accuracies, Has.Count.EqualTo(Optimizers.Length + 1));
        // 300 steps of 64 images is about two epochs of 8,000: every rule should be well past 85 %.
        Assert.That(accuracies.Select(a => a.Accuracy), Has.All.GreaterThan(85.0));
        TestContext.Out.WriteLine(string.Join(", ", accuracies.Select(a => $"{a.Name} {a.Accuracy} %")) +
            $"; longest cell {MasterRun.Value.Outputs.Max(o => o.Seconds):0.0} s, all cells {MasterRun.Value.Outputs.Sum(o => o.Seconds):0.0} s");
    }

    [Test]
    public void The_released_notebook_has_stubs_that_compile_and_a_self_check_that_says_not_implemented()
    {
        // The student version as release writes it, in a kit-shaped folder: notebooks/ next to lib/.
        string kit = RunNotebooks.NewFolder();
        Directory.CreateDirectory(Path.Combine(kit, "notebooks"));
        Directory.CreateDirectory(Path.Combine(kit, "lib"));
        File.Copy(typeof(Tensor<double>).Assembly.Location, Path.Combine(kit, "lib", "Course.Assignments.dll"));
        string data = Path.Combine(kit, "notebooks", "data", "mnist");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.GetFiles(Repo.Path("notebooks", "data", "mnist"), "*.gz"))
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        var notebook = Notebook.Load(MasterPath);
        StudentVersion.Apply(notebook, "03-optimizers.ipynb");
        string released = Path.Combine(kit, "notebooks", "03-optimizers.ipynb");
        notebook.Save(released);
        Nbformat.AssertValid(released);

        var unitCells = notebook.Cells.Where(c => CellMarkers.UnitMarkers(c.Source).Count > 0).ToList();
        Assert.That(unitCells, Has.Count.EqualTo(11));
        Assert.That(unitCells.Select(c => c.Source), Has.All.Contain(SolutionStripper.Stub).And.All.Not.Contain("BEGIN SOLUTION"));

        // The finale's cells call the stubs and stop with NotImplementedException; what matters is that all compiles.
        var report = NotebookRunner.Run(released, TimeSpan.FromMinutes(1));
        Assert.That(report.Outputs.Where(o => o.ErrorName == "CompilationError").Select(o => $"cell {o.Cell}: {o.ErrorMessage}"), Is.Empty);
        Assert.That(report.Outputs.Where(o => o.ErrorName is not null).Select(o => $"cell {o.Cell}: {o.ErrorName} {o.ErrorMessage}"),
            Has.All.Contain("NotImplementedException"));
        string printed = string.Concat(report.Outputs.Select(o => o.Stdout));
        Assert.That(printed, Does.Contain("FAIL sgd").And.Contain("not implemented yet"));
        Assert.That(printed, Does.Contain("21 optimizer self-check(s) failed or are not implemented yet."));
        Assert.That(printed, Does.Contain("No training run finished"), "the loss chart says why it is missing");
    }

    [Test]
    public void The_self_check_catches_the_typical_bugs_each_in_its_own_unit()
    {
        // One bug planted in each of six units of the master, all in one run: each unit must fail its own check and
        // only its own, so every FAIL line points at the cell to fix.
        (string Unit, string Correct, string Buggy, string Expected)[] bugs =
        [
            ("sgd", "var g = decayed[i] ??= Tensor<T>.ZerosLike(parameter.Grad);\n        g.CopyFrom(parameter.Grad);",
                "var g = parameter.Grad;", "changed weight.Grad"),
            ("nesterov", "Parameters[i].Value.AddScaledInPlace(direction, minusLearningRate);",
                "Parameters[i].Value.AddScaledInPlace(b, minusLearningRate);", "the formula gives"),
            ("adam", "double correction1 = 1 - Math.Pow(beta1, t), correction2 = 1 - Math.Pow(beta2, t);",
                "double correction1 = 1, correction2 = 1;", "the formula gives"),
            ("adamw", "int t = ++stepCounts[i];", "int t = ++stepCounts[0];", "the formula gives"),
            ("momentum", "if (b is null) buffers[i] = b = g.Clone();", "if (b is null) buffers[i] = b = g * T.Zero;", "the formula gives"),
            ("exponential_lr", "Math.Pow(gamma, step)", "Math.Pow(gamma, step + 1)", "LearningRate(0) = 0.09"),
        ];
        string folder = RunNotebooks.NewFolder();
        string library = Path.Combine(folder, "assignments", "bin", "Release", "net10.0");
        Directory.CreateDirectory(library);
        Directory.CreateDirectory(Path.Combine(folder, "notebooks"));
        File.Copy(typeof(Tensor<double>).Assembly.Location, Path.Combine(library, "Course.Assignments.dll"));

        var notebook = Notebook.Load(MasterPath);
        foreach (var (unit, correct, buggy, _) in bugs)
        {
            var cell = notebook.Cells.Single(c => CellMarkers.UnitMarkers(c.Source).Contains(unit));
            Assert.That(cell.Source, Does.Contain(correct), $"the master's {unit} cell");
            cell.Source = cell.Source.Replace(correct, buggy);
        }
        // The finale would only train with the planted bugs.
        int selfCheck = notebook.Cells.ToList().FindIndex(c => c.Source.Contains("// @locked self-check-optimizers"));
        foreach (var cell in notebook.Cells.Skip(selfCheck + 1).Where(c => c.CellType == "code")) cell.Source = "";
        string path = Path.Combine(folder, "notebooks", "03-optimizers.ipynb");
        notebook.Save(path);

        var report = NotebookRunner.Run(path, TimeSpan.FromMinutes(1));
        Assert.That(report.Outputs.Where(o => o.ErrorName is not null).Select(o => $"cell {o.Cell}: {o.ErrorName} {o.ErrorMessage}"), Is.Empty);
        string printed = string.Concat(report.Outputs.Select(o => o.Stdout));
        foreach (var (unit, _, _, expected) in bugs)
            Assert.That(printed, Does.Match($@"(?m)^FAIL {unit} .*{Regex.Escape(expected)}"), $"the planted bug in {unit}");
        var failing = Regex.Matches(printed, @"^FAIL (?<unit>[a-z_]+) ", RegexOptions.Multiline).Select(m => m.Groups["unit"].Value).Distinct();
        Assert.That(failing, Is.EquivalentTo(bugs.Select(b => b.Unit)), "only the units with a bug fail");
    }

    /// <summary>(unit id, class name, generic) of every row of the README's "Graded units of the optimizers homework"
    /// table; the schedules are not generic.</summary>
    private static List<(string Unit, string ClassName, bool Generic)> OptimizerUnitsFromReadme()
    {
        string readme = File.ReadAllText(Repo.Path("assignments", "README.md"));
        int start = readme.IndexOf("## Graded units of the optimizers homework", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "assignments/README.md has the optimizers table");
        string section = readme[start..];
        int next = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        if (next > 0) section = section[..next];
        return TableRow().Matches(section)
            .Select(m => (m.Groups["unit"].Value, m.Groups["class"].Value, m.Groups["generic"].Success)).ToList();
    }

    [GeneratedRegex(@"^\| `(?<unit>[a-z_]+)` \| `(?<class>[A-Za-z]+)(?<generic><T>)?", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
