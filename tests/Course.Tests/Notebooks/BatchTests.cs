using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grader.Cli;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// <c>grade</c> over many notebooks: each is graded on its own, and one that cannot be graded costs one line on
/// stderr, never the others.
/// </summary>
[NonParallelizable]
public class BatchTests
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "batch-" + Guid.NewGuid().ToString("N"));

    [OneTimeSetUp]
    public void CreateDirectory() => Directory.CreateDirectory(Dir);

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(Dir, recursive: true);

    private static string Student(string name, string file, string text)
    {
        string folder = Path.Combine(Dir, "students", name);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, file);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Good_broken_python_good_grades_both_good_ones_and_reports_the_others_in_one_line_each()
    {
        string master = File.ReadAllText(Repo.MasterNotebook);
        string alice = Student("alice", "02-fully-connected.ipynb", master);
        string bob = Student("bob", "02-fully-connected.ipynb", master[..(master.Length / 2)]);
        string carol = Student("carol", "02-fully-connected.ipynb",
            """{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}, "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [], "source": "print(1)"}]}""");
        string dave = Student("dave", "02-fully-connected.dib", DibTests.MasterAsDib());
        string results = Path.Combine(Dir, "results");

        var (code, stdout, stderr) = Cli("grade", alice, bob, carol, dave, "--unit", "relu", "--json", results);

        Assert.That(stdout, Does.Contain("2 graded, 2 could not be graded"), stdout + stderr);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput), "not every notebook could be graded");
        var errors = stderr.TrimEnd('\n').Split('\n');
        Assert.That(errors, Has.Length.EqualTo(2), stderr);
        Assert.That(errors[0], Does.StartWith($"error: {bob}: not valid JSON").And.Contain("truncated"));
        Assert.That(errors[1], Does.StartWith($"error: {carol}: this is a Python notebook"));
        Assert.That(Directory.GetFiles(results).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "alice_02-fully-connected.results.json", "dave_02-fully-connected.results.json" }));
        foreach (string file in Directory.GetFiles(results))
        {
            var tests = JsonNode.Parse(File.ReadAllText(file))!["tests"]!.AsArray();
            Assert.That(tests.Select(t => ((string)t!["name"]!, (string)t["status"]!)), Has.Exactly(3).Items.And.All.Matches<(string Name, string Status)>(
                t => t.Name.StartsWith("relu") && t.Status == "passed"), file);
        }
    }

    [Test]
    public void A_folder_of_broken_notebooks_is_reported_file_by_file_in_order_without_starting_a_worker()
    {
        string folder = Path.Combine(Dir, "broken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "b.ipynb"), "");
        File.WriteAllText(Path.Combine(folder, "a.ipynb"), "{\"nbformat\": 3}");
        File.WriteAllText(Path.Combine(folder, "c.dib"), "#!markdown\nonly prose");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a notebook, not picked up");

        var (code, stdout, stderr) = Cli("grade", folder, "--assignment", "fully-connected");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        var errors = stderr.TrimEnd('\n').Split('\n');
        Assert.That(errors.Select(e => e.Split(": ")[1]), Is.EqualTo(new[] { "a.ipynb", "b.ipynb", "c.dib" }.Select(f => Path.Combine(folder, f))));
        Assert.That(errors[0], Does.Contain("nbformat 3 is not supported"));
        Assert.That(errors[1], Does.Contain("the file is empty"));
        Assert.That(errors[2], Does.Contain("no code cells, so there is nothing to grade"));
        Assert.That(stdout, Does.Contain("0 graded, 3 could not be graded"));
    }

    [Test]
    public void Folders_give_their_notebooks_sorted_and_result_names_are_unique()
    {
        string folder = Path.Combine(Dir, "expand");
        Directory.CreateDirectory(folder);
        foreach (string f in new[] { "z.ipynb", "a.dib", "m.IPYNB", "readme.md", "data.json" }) File.WriteAllText(Path.Combine(folder, f), "");
        var problems = new List<string>();
        var notebooks = BatchGrading.Expand([folder, "single.ipynb"], problems);
        Assert.That(notebooks.Select(Path.GetFileName), Is.EqualTo(new[] { "a.dib", "m.IPYNB", "z.ipynb", "single.ipynb" }));
        Assert.That(problems, Is.Empty);

        var names = BatchGrading.ResultNames(["x/alice/hw.ipynb", "x/bob/hw.ipynb", "y/alice/hw.ipynb", "other.ipynb"]);
        Assert.That(names.Values, Is.EqualTo(new[] { "x_alice_hw", "x_bob_hw", "y_alice_hw", "other" }));
    }

    private static (int Code, string Stdout, string Stderr) Cli(params string[] args) => CliProcess.Dotnet(CliProcess.Grader, Repo.Root, null, args);
}
