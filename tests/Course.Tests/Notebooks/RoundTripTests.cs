using System.Text;
using System.Text.Json.Nodes;
using Course.Grader.Notebooks;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// Reading and writing a notebook changes nothing but what was edited: notebooks written by Jupyter (nbformat) and
/// by VS Code come back byte for byte, and a changed cell is written exactly as nbformat itself would write it.
/// The writer is tested directly: <see cref="Notebook.ToJson"/> has no "return the original bytes" shortcut.
/// </summary>
public class RoundTripTests
{
    private static readonly string Generated = Path.Combine(Path.GetTempPath(), "roundtrip-" + Guid.NewGuid().ToString("N"));

    /// <summary>Notebooks nbformat writes, and JSON laid out as other tools do it, made by Python at test time.</summary>
    private const string Writer = """
        import json, sys, os, nbformat
        from nbformat import v4
        out = sys.argv[1]
        os.makedirs(out, exist_ok=True)

        nb = v4.new_notebook()
        nb.metadata = {
            "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
            "language_info": {"name": "polyglot-notebook"},
            "zz_unknown": {"floats": [1.0, 1e-05, -0.0, 1e+100, 0.1, 2.5e-300], "ints": [0, -7, 123456789012345678901234567890],
                           "flags": [True, False, None], "empty_list": [], "empty_obj": {},
                           "text": "ünïcödé ✓ 🚀 \u0000\u0001\u001b\u001f\u007f\u0080\u2028 \"q\" \\ / \b\f\t\r\n",
                           "nested": {"b": {"c": [[], [{}], [[1.5]]]}, "a": "first?"}},
        }
        nb.cells = [
            v4.new_markdown_cell("# Title 🚀\n\nSome *ünïcode* and a tab\there\r\nwindows line"),
            v4.new_code_cell("var x = 42;\r\nConsole.WriteLine(\"\\u001b[31mred\");\n\tx", execution_count=3, outputs=[
                v4.new_output("stream", name="stdout", text="hello\n\u001b[31mred\u001b[0m\nbell\u0007\n"),
                v4.new_output("stream", name="stderr", text="warning: é\n"),
                v4.new_output("display_data", data={"text/plain": "42", "text/html": "<b>42</b>\n<i>x</i>",
                                                    "image/png": "iVBORw0KGgo=\n", "application/json": {"a": [1, 2.0, None]}},
                              metadata={"image/png": {"width": 10}}),
                v4.new_output("execute_result", data={"text/plain": "[1, 2]"}, execution_count=3),
                v4.new_output("error", ename="DivideByZeroException", evalue="Attempted to divide by zero.",
                              traceback=["\u001b[31mSystem.DivideByZeroException\u001b[0m", "   at Submission#3"]),
            ]),
            v4.new_code_cell("", metadata={"polyglot_notebook": {"kernelName": "csharp"}, "tags": ["a", "b"], "collapsed": True}),
            v4.new_raw_cell("raw \u00e9 text", metadata={"format": "text/plain"}),
        ]
        for i, cell in enumerate(nb.cells):
            cell["id"] = "cell-%d" % i
        nbformat.write(nb, os.path.join(out, "jupyter-rich.ipynb"))

        legacy = v4.new_notebook(cells=[v4.new_code_cell("1 + 1", execution_count=1,
                                        outputs=[v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)])],
                                 metadata={"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}})
        legacy.nbformat_minor = 4
        for cell in legacy.cells:
            del cell["id"]
        nbformat.write(legacy, os.path.join(out, "jupyter-minor4.ipynb"))

        # The same content as other tools lay it out.
        d = json.loads(open(os.path.join(out, "jupyter-rich.ipynb"), encoding="utf-8").read())
        def dump(name, text):
            open(os.path.join(out, name), "w", encoding="utf-8", newline="").write(text)
        dump("indent2-sorted.ipynb", json.dumps(d, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
        dump("indent4-unsorted.ipynb", json.dumps({"nbformat_minor": 5, "nbformat": 4, "metadata": d["metadata"], "cells": d["cells"]}, indent=4, ensure_ascii=False))
        dump("tab-indent.ipynb", json.dumps(d, sort_keys=True, indent="\t", ensure_ascii=False) + "\n")
        dump("ensure-ascii.ipynb", json.dumps(d, sort_keys=True, indent=1) + "\n")
        dump("one-line.ipynb", json.dumps(d, sort_keys=True, ensure_ascii=False))
        dump("minified.ipynb", json.dumps(d, separators=(",", ":"), ensure_ascii=False) + "\n")
        dump("python2-style.ipynb", json.dumps(d, sort_keys=True, indent=1, separators=(", ", ": "), ensure_ascii=False) + "\n")
        """;

    private static readonly string[] GeneratedNames =
    [
        "jupyter-rich.ipynb", "jupyter-minor4.ipynb", "indent2-sorted.ipynb", "indent4-unsorted.ipynb", "tab-indent.ipynb",
        "ensure-ascii.ipynb", "one-line.ipynb", "minified.ipynb", "python2-style.ipynb",
    ];

    private static readonly string[] VsCodeFixtures = ["vscode-indent1.ipynb", "vscode-indent4.ipynb", "vscode-tabs-crlf.ipynb"];

    [OneTimeSetUp]
    public void WriteNotebooksWithNbformat() => Nbformat.Python(Writer, Generated);

    [OneTimeTearDown]
    public void DeleteThem() => Directory.Delete(Generated, recursive: true);

    private static string Fixture(string name) => Repo.Path("tests", "Course.Tests", "Fixtures", "Notebooks", name);

    private static IEnumerable<string> Written() => GeneratedNames.Select(n => Path.Combine(Generated, n))
        .Concat(VsCodeFixtures.Select(Fixture))
        .Append(Repo.MasterNotebook);

    [TestCaseSource(nameof(GeneratedNames))]
    public void A_notebook_laid_out_by_python_comes_back_byte_for_byte(string name) => AssertRoundTrip(Path.Combine(Generated, name));

    [TestCaseSource(nameof(VsCodeFixtures))]
    public void A_notebook_written_by_vscode_comes_back_byte_for_byte(string name) => AssertRoundTrip(Fixture(name));

    [Test]
    public void The_master_notebook_comes_back_byte_for_byte() => AssertRoundTrip(Repo.MasterNotebook);

    [Test]
    public void The_detected_layouts_are_the_ones_the_writers_used()
    {
        JsonLayout Layout(string path) => Notebook.Load(path).Layout;
        Assert.That(Layout(Path.Combine(Generated, "jupyter-rich.ipynb")), Is.EqualTo(JsonLayout.Nbformat));
        Assert.That(Layout(Fixture("vscode-indent4.ipynb")).Indent, Is.EqualTo("    "));
        Assert.That(Layout(Fixture("vscode-tabs-crlf.ipynb")) is { Indent: "\t", NewLine: "\r\n" });
        Assert.That(Layout(Path.Combine(Generated, "indent4-unsorted.ipynb")) is { SortKeys: false, FinalNewLine: false });
        Assert.That(Layout(Path.Combine(Generated, "ensure-ascii.ipynb")).EnsureAscii);
        Assert.That(Layout(Path.Combine(Generated, "minified.ipynb")) is { Indent: null, ItemSeparator: ",", KeySeparator: ":" });
    }

    [Test]
    public void Reading_does_not_change_the_tree()
    {
        // Everything a grader reads: cells, sources, kernels, markers, checksums, warnings.
        var notebook = Notebook.Load(Path.Combine(Generated, "jupyter-minor4.ipynb"));
        string before = notebook.Root.ToJsonString();
        foreach (var cell in notebook.Cells)
            _ = (cell.Source, cell.Kernel, cell.Id, cell.IsCSharp, cell.ExistingMetadata, CellMarkers.Units(cell), CellMarkers.LockedId(cell), CellMarkers.Checksum(cell));
        Assert.That(notebook.Root.ToJsonString(), Is.EqualTo(before));
    }

    [TestCase("jupyter-rich.ipynb", 1)]
    [TestCase("jupyter-rich.ipynb", 2)]
    [TestCase("jupyter-minor4.ipynb", 0)]
    public void A_changed_cell_is_written_exactly_as_nbformat_writes_the_same_change(string name, int cell)
    {
        string path = Path.Combine(Generated, name);
        const string source = "// changed ✓\nvar y = \"\\u001b\";\n\ty";
        var notebook = Notebook.Load(path);
        notebook.Cells[cell].Source = source;
        string ours = notebook.ToJson();

        string expected = Path.Combine(Generated, $"expected-{cell}-{name}");
        Nbformat.Python("""
            import sys, nbformat
            nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)
            nb.cells[int(sys.argv[2])].source = sys.argv[3]
            nbformat.write(nb, sys.argv[4])
            """, path, cell.ToString(), source, expected);
        Assert.That(ours, Is.EqualTo(File.ReadAllText(expected)));
        Assert.That(ours, Is.Not.EqualTo(File.ReadAllText(path)), "the change is in the output");
    }

    [TestCaseSource(nameof(VsCodeFixtures))]
    public void A_changed_cell_changes_only_that_cells_lines(string name)
    {
        string original = File.ReadAllText(Fixture(name));
        var notebook = Notebook.Load(Fixture(name));
        notebook.Cells[1].Source = "var x = 43;\nx";
        string written = notebook.ToJson();

        string[] before = original.Split('\n'), after = written.Split('\n');
        int prefix = 0;
        while (before[prefix] == after[prefix]) prefix++;
        int suffix = 0;
        while (before[^(suffix + 1)] == after[^(suffix + 1)]) suffix++;
        var changedBefore = before[prefix..^suffix];
        var changedAfter = after[prefix..^suffix];
        Assert.That(changedBefore.Select(l => l.Trim().TrimEnd(',')), Is.EqualTo(new[] { "\"var x = 42;\\n\"", "\"Console.WriteLine(\\\"hi\\\");\\n\"" }));
        Assert.That(changedAfter.Select(l => l.Trim().TrimEnd(',')), Is.EqualTo(new[] { "\"var x = 43;\\n\"" }));
    }

    [Test]
    public void An_unchanged_4_5_notebook_keeps_its_missing_ids_and_a_changed_one_gets_valid_unique_ids()
    {
        string path = Path.Combine(Generated, "ids.ipynb");
        Nbformat.Python("""
            import json, sys
            cell = lambda i, src: {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src, **i}
            nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                  "cells": [cell({}, "1"), cell({"id": "same"}, "2"), cell({"id": "same"}, "3"), cell({"id": "bad id!"}, "4"),
                            {"cell_type": "markdown", "metadata": {}, "source": "no id"}]}
            open(sys.argv[1], "w", encoding="utf-8").write(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
            """, path);
        var notebook = Notebook.Load(path);
        Assert.That(notebook.Warnings, Has.Some.Contains("cell 3: id \"same\" is also the id of cell 2"));
        Assert.That(notebook.Warnings, Has.Some.Contains("cell 4: id \"bad id!\" is not a valid nbformat cell id"));
        Assert.That(notebook.ToJson(), Is.EqualTo(File.ReadAllText(path)), "unchanged: written as read, ids and all");

        notebook.Cells[0].Source = "10";
        string changed = Path.Combine(Generated, "ids-changed.ipynb");
        notebook.Save(changed);
        var ids = Notebook.Load(changed).Cells.Select(c => c.Id).ToList();
        Assert.That(ids, Is.Unique.And.All.Matches<string?>(id => id is not null && CellIds.IsValid(id)));
        Assert.That(ids[1], Is.EqualTo("same"), "a valid id is kept");
        Nbformat.AssertValid(changed);
    }

    [TestCaseSource(nameof(Written))]
    public void Every_notebook_written_validates(string path)
    {
        var notebook = Notebook.Load(path);
        notebook.Cells[^1].Source += "\n// edited";
        string target = Path.Combine(Generated, "written-" + Path.GetFileName(path));
        notebook.Save(target);
        Nbformat.AssertValid(target);
    }

    private static void AssertRoundTrip(string path)
    {
        byte[] original = File.ReadAllBytes(path);
        byte[] written = Encoding.UTF8.GetBytes(Notebook.Load(path).ToJson());
        if (written.AsSpan().SequenceEqual(original)) return;
        int at = original.AsSpan().CommonPrefixLength(written);
        string Around(byte[] b) => Encoding.UTF8.GetString(b, Math.Max(0, at - 40), Math.Min(80, b.Length - Math.Max(0, at - 40)));
        Assert.Fail($"{Path.GetFileName(path)} differs at byte {at} of {original.Length}:\n  read:    {Around(original)}\n  written: {Around(written)}");
    }
}
