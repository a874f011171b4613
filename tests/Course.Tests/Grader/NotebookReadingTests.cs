using System.Text;
using Course.Grader.Notebooks;

namespace Course.Tests.Grader;

public class NotebookReadingTests
{
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => System.IO.Directory.CreateDirectory(dir = Path.Combine(Path.GetTempPath(), "nb-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void DeleteDirectory() => System.IO.Directory.Delete(dir, recursive: true);

    private string Write(string name, string text) { string p = Path.Combine(dir, name); File.WriteAllText(p, text); return p; }

    [Test]
    public void Source_may_be_a_string_or_a_list_and_ids_may_be_missing()
    {
        var nb = Notebook.Parse("""
            {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
             "cells": [{"cell_type": "code", "metadata": {}, "source": "var a = 1;\nvar b = 2;", "outputs": []},
                       {"cell_type": "code", "metadata": {}, "source": ["var c = 3;\n", "var d = 4;"], "outputs": []}]}
            """, "x.ipynb");
        Assert.That(nb.Cells[0].Source, Is.EqualTo("var a = 1;\nvar b = 2;"));
        Assert.That(nb.Cells[1].Source, Is.EqualTo("var c = 3;\nvar d = 4;"));
        Assert.That(nb.Cells.All(c => c.IsCSharp), "the default kernel is C#");
    }

    [Test]
    public void The_cell_language_follows_polyglot_metadata_then_the_magic_then_the_notebook_default()
    {
        var nb = Notebook.Parse("""
            {"nbformat": 4, "nbformat_minor": 5,
             "metadata": {"polyglot_notebook": {"kernelInfo": {"defaultKernelName": "fsharp"}}},
             "cells": [{"cell_type": "code", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}}, "source": "1", "outputs": []},
                       {"cell_type": "code", "metadata": {"dotnet_interactive": {"language": "pwsh"}}, "source": "1", "outputs": []},
                       {"cell_type": "code", "metadata": {}, "source": "#!csharp\n1", "outputs": []},
                       {"cell_type": "code", "metadata": {}, "source": "1", "outputs": []}]}
            """, "x.ipynb");
        Assert.That(nb.Cells.Select(c => c.Kernel), Is.EqualTo(new[] { "csharp", "pwsh", "csharp", "fsharp" }));
    }

    [Test]
    public void Unreadable_files_get_one_line_that_names_the_file_and_the_problem()
    {
        string Error(string path) => Assert.Throws<NotebookException>(() => Notebook.Load(path))!.Message;

        Assert.That(Error(Write("trunc.ipynb", "{\"nbformat\": 4, \"cells\": [")), Does.Contain("trunc.ipynb: not valid JSON at line 1"));
        Assert.That(Error(Write("empty.ipynb", "")), Does.Contain("empty.ipynb: the file is empty"));
        Assert.That(Error(Write("v3.ipynb", "{\"nbformat\": 3, \"worksheets\": []}")), Does.Contain("nbformat 3 is not supported"));
        Assert.That(Error(Write("nocells.ipynb", "{\"nbformat\": 4, \"metadata\": {}}")), Does.Contain("there is no \"cells\" list"));
        Assert.That(Error(Write("weird.ipynb", "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"widget\"}]}")), Does.Contain("cell 1 has cell_type \"widget\""));
        Assert.That(Error(Write("array.ipynb", "[1, 2]")), Does.Contain("must be a JSON object"));
        Assert.That(Error(dir), Does.Contain("is a directory"));
        Assert.That(Error(Path.Combine(dir, "missing.ipynb")), Does.Contain("no such file"));
        string latin1 = Path.Combine(dir, "latin1.ipynb");
        File.WriteAllBytes(latin1, [.. Encoding.ASCII.GetBytes("{\"nbformat\": 4, \"cells\": [], \"x\": \""), 0xE9, .. Encoding.ASCII.GetBytes("\"}")]);
        Assert.That(Error(latin1), Does.Contain("not UTF-8"));
    }

    [Test]
    public void Writing_keeps_unknown_metadata_and_the_layout_it_was_read_in()
    {
        const string compact = "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"custom\": {\"x\": [1, \"é\"]}}, \"cells\": []}";
        Assert.That(Notebook.Parse(compact, "x.ipynb").ToJson(), Is.EqualTo(compact));
        const string nbformat = "{\n \"cells\": [],\n \"metadata\": {\n  \"custom\": {\n   \"x\": [\n    1,\n    \"é\"\n   ]\n  }\n },\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
        Assert.That(Notebook.Parse(nbformat, "x.ipynb").ToJson(), Is.EqualTo(nbformat));
    }
}
