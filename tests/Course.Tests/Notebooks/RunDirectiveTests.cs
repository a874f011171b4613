using Course.Grader.Pipeline;

namespace Course.Tests.Notebooks;

/// <summary>Notebook directives in a run: the allowlisted packages and kernel lines pass, #load stays in the notebook's
/// folder, and anything else is an error naming cell and line, while the other cells still run.</summary>
[NonParallelizable]
public class RunDirectiveTests
{
    [Test]
    public void Allowlisted_packages_and_kernel_lines_run_and_another_version_is_a_warning_naming_both()
    {
        string plotly = PackageAllowlist.InstalledVersion("Plotly.NET")!;
        Assert.That(plotly, Does.Match(@"^\d+\.\d+"), "the installed version is read from the worker's manifest");
        var report = RunNotebooks.Run(
            "#!csharp\n#r \"nuget: Plotly.NET, 5.0.0\"\n#r \"nuget: Plotly.NET.CSharp\"\n#r \"nuget: Course.Assignments\"\n#!time\nConsole.WriteLine(\"ran\");\nPlotly.NET.CSharp.Chart.Point<int, int, string>(new[] { 1 }, new[] { 2 }) is not null");

        var cell = report.Cell(1);
        Assert.That(cell.Error, Is.Null);
        var first = (Course.Grader.Protocol.OutputItem.Stream)cell.Items[0];
        Assert.That((first.Name, first.Text), Is.EqualTo(("stderr",
            $"warning: Plotly.NET 5.0.0 was requested; the installed Plotly.NET {plotly} is used instead (packages are never downloaded)\n")));
        Assert.That(cell.Stdout, Is.EqualTo("ran\n"));
        Assert.That(cell.Displays.Single()["text/plain"], Is.EqualTo("True"));
    }

    [TestCase("#r \"nuget: Newtonsoft.Json, 13.0.3\"", "Newtonsoft.Json is not available")]
    [TestCase("#r \"/usr/lib/evil.dll\"", "references a file")]
    [TestCase("#!pwsh", "magic command `#!pwsh` is not supported")]
    [TestCase("#!fsharp", "magic command")]
    [TestCase("#load \"notes.txt\"", "only .csx and .cs files")]
    [TestCase("#load \"missing.csx\"", "no such file")]
    public void Other_directives_are_errors_naming_cell_and_line_and_the_other_cells_run(string directive, string expected)
    {
        var report = RunNotebooks.Run("var a = 1;", $"var b = 2;\n{directive}", "a + 1");
        var error = report.Cell(2).Error!;
        Assert.That((error.Name, error.Cell, error.Line), Is.EqualTo(("DirectiveError", 2, 2)));
        Assert.That(error.Message, Does.StartWith("cell 2, line 2: ").And.Contain(expected));
        Assert.That(report.Cell(3).Displays.Single()["text/plain"], Is.EqualTo("2"));
    }

    [Test]
    public void Load_reads_files_in_the_notebooks_folder_tree_with_errors_located_in_the_loaded_file()
    {
        string folder = RunNotebooks.NewFolder();
        Directory.CreateDirectory(Path.Combine(folder, "lib"));
        File.WriteAllText(Path.Combine(folder, "lib", "helpers.csx"), "int Twice(int x) => 2 * x;\n\nint Boom(int x)\n{\n    return 1 / x;\n}\n");
        File.WriteAllText(Path.Combine(folder, "lib", "broken.csx"), "int Fine() => 1;\nint Broken() => \"text\";\n");
        var report = RunNotebooks.RunIn(folder, TimeSpan.FromSeconds(60),
            "var start = 1;\n#load \"lib/helpers.csx\"\nTwice(21)",
            "Boom(0)",
            "#load \"lib/broken.csx\"");

        Assert.That(report.Cell(1).Displays.Single()["text/plain"], Is.EqualTo("42"));
        var thrown = report.Cell(2).Error!;
        Assert.That(thrown.Traceback, Does.Contain("   at Boom in lib/helpers.csx, line 5"));
        Assert.That(thrown.Traceback, Does.Contain("   at <cell code> in cell 2, line 1"));
        var compile = report.Cell(3).Error!;
        Assert.That(compile.Message, Does.StartWith("lib/broken.csx, line 2 (loaded by cell 3): error CS0029"));
    }

    [Test]
    public void Load_outside_the_notebooks_folder_is_refused_also_from_a_loaded_file()
    {
        string parent = RunNotebooks.NewFolder();
        string folder = Directory.CreateDirectory(Path.Combine(parent, "homework")).FullName;
        File.WriteAllText(Path.Combine(parent, "outside.csx"), "int Secret() => 7;\n");
        File.WriteAllText(Path.Combine(folder, "sneaky.csx"), "#load \"../outside.csx\"\nint Sneaky() => Secret();\n");
        var report = RunNotebooks.RunIn(folder, TimeSpan.FromSeconds(60),
            "#load \"../outside.csx\"",
            $"#load \"{Path.Combine(parent, "outside.csx")}\"",
            "#load \"sneaky.csx\"",
            "1 + 1");

        foreach (int cell in new[] { 1, 2 })
        {
            var error = report.Cell(cell).Error!;
            Assert.That(error.Name, Is.EqualTo("DirectiveError"));
            Assert.That(error.Message, Does.StartWith($"cell {cell}, line 1: ").And.Contain("reaches outside the notebook's folder"));
        }
        var nested = report.Cell(3).Error!;
        Assert.That(nested.Name, Is.EqualTo("CompilationError"), "the worker refuses the nested #load too");
        Assert.That(nested.Message, Does.StartWith("sneaky.csx, line 1 (loaded by cell 3)"));
        Assert.That(report.Cell(4).Displays.Single()["text/plain"], Is.EqualTo("2"));
    }
}
