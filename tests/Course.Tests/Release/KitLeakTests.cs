using System.Diagnostics;
using Course.Grader.Notebooks;
using Course.Tests.Fixtures;

namespace Course.Tests.Release;

/// <summary>
/// Nothing secret reaches a student kit: no file of the reference, none of its identifiers, no line of a solution or
/// a hidden-test region, anywhere in any file (notebooks, README, DLLs, deps files). The planted cases prove the scan
/// would see a leak.
/// </summary>
[NonParallelizable]
public class KitLeakTests
{
    [Test]
    public void The_course_kit_contains_nothing_from_reference_or_any_hidden_or_solution_region()
    {
        var scanner = KitLeakScanner.For(Repo.Root, Kits.RealMasters);
        Assert.That(scanner.SecretLines, Has.Count.GreaterThan(20), "the master's solution lines are collected");
        Assert.That(scanner.ReferenceIdentifiers, Has.Count.GreaterThan(10), "the reference's own identifiers are collected");
        var timer = Stopwatch.StartNew();
        var leaks = scanner.Scan(Kits.Real);
        TestContext.Out.WriteLine($"scanned {Directory.EnumerateFiles(Kits.Real, "*", SearchOption.AllDirectories).Count()} files for " +
                                  $"{scanner.SecretLines.Count} secret lines and {scanner.ReferenceIdentifiers.Count} identifiers in {timer.Elapsed.TotalSeconds:0.0} s");
        TestContext.Out.WriteLine("reference identifiers: " + string.Join(", ", scanner.ReferenceIdentifiers));
        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public void A_kit_of_a_master_with_hidden_tests_and_locked_cells_leaks_none_of_them()
    {
        var (_, master, kit) = Kits.Synthetic;
        var scanner = KitLeakScanner.For(Repo.Root, [master]);
        Assert.That(scanner.SecretLines, Does.Contain(MasterNotebooks.HiddenLine).And.Contain(MasterNotebooks.SolutionLine));
        Assert.That(scanner.Scan(kit), Is.Empty);
    }

    [Test]
    public void The_kit_tools_carry_no_reference_even_though_the_grader_they_are_built_from_does()
    {
        Assert.That(File.Exists(Path.Combine(AppContext.BaseDirectory, "Course.Reference.dll")), "the grader's side has the reference");
        var tools = Directory.EnumerateFiles(Path.Combine(Kits.Real, "tools"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.That(tools, Does.Contain("course-check.dll").And.Contain("Course.Worker.dll").And.Contain("Course.Grader.dll"));
        Assert.That(tools, Has.None.StartsWith("Course.Reference"));
    }

    // Each plant goes into a copy of a clean kit; the scan must now find exactly that.
    [TestCase("hidden line in a notebook", "the secret line `if (hiddenProbe")]
    [TestCase("solution line as a string in a DLL", "the secret line `return input.Map")]
    [TestCase("reference source", "the reference identifier")]
    [TestCase("reference assembly", "a file of the reference")]
    public void A_planted_leak_is_found(string plant, string expected)
    {
        var (_, master, kit) = Kits.Synthetic;
        var scanner = KitLeakScanner.For(Repo.Root, [master]);
        string copy = MasterNotebooks.NewDirectory("planted");
        foreach (var file in Directory.EnumerateFiles(kit, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(kit, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Assert.That(scanner.Scan(copy), Is.Empty, "the copy is clean before planting");

        switch (plant)
        {
            case "hidden line in a notebook":
                // Written through the notebook writer, so the line is JSON-escaped (its quotes become \") as a
                // release bug would write it.
                string path = Path.Combine(copy, "notebooks", "synthetic.ipynb");
                var notebook = Notebook.Load(path);
                notebook.Cells[^1].Source += "\n    " + MasterNotebooks.HiddenLine;
                notebook.Save(path);
                break;
            case "solution line as a string in a DLL":
                File.WriteAllBytes(Path.Combine(copy, "tools", "check", "Extra.dll"),
                    [0x4d, 0x5a, 0, 0, .. System.Text.Encoding.Unicode.GetBytes(MasterNotebooks.SolutionLine), 0, 0]);
                break;
            case "reference source":
                File.Copy(Repo.Path("reference", "Kernels", "Rows", "RowSoftmax.cs"), Path.Combine(copy, "lib", "notes.txt"));
                break;
            case "reference assembly":
                File.Copy(Path.Combine(AppContext.BaseDirectory, "Course.Reference.dll"), Path.Combine(copy, "tools", "check", "Course.Reference.dll"));
                break;
        }
        var leaks = scanner.Scan(copy);
        Assert.That(leaks.Select(l => l.What), Has.Some.StartsWith(expected), string.Join("\n", leaks));
    }
}
