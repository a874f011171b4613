using System.Text;
using System.Text.Json.Nodes;
using Course.Grader.Cli;
using Course.Grader.Notebooks;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// Polyglot Notebooks' plain-text .dib files are read as the nbformat 4.5 notebooks they stand for, so that they can
/// be run, graded and saved as .ipynb.
/// </summary>
[NonParallelizable]
public class DibTests
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "dib-" + Guid.NewGuid().ToString("N"));

    [OneTimeSetUp]
    public void CreateDirectory() => Directory.CreateDirectory(Dir);

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(Dir, recursive: true);

    private static string Write(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>A .dib as Polyglot Notebooks writes it, with the cases CodeSubmission handles.</summary>
    private const string Sample = """
        var before = "text before the first header uses the default kernel";

        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"},{"aliases":["kusto"],"name":"kql"}]}}

        #!markdown

        # Title

        Some prose.

        #!csharp


        #!time
        var x = 1;

        x

        #!md
        short alias

        #!fsharp
        let y = 2

        #!c#
        var z = 3;
        #!kusto
        StormEvents | take 1
        #!csharp
        """;

    [Test]
    public void Headers_start_cells_unknown_magics_stay_and_blank_edge_lines_go()
    {
        var notebook = Notebook.Load(Write("sample.dib", Sample));
        Assert.That(notebook.Cells.Select(c => (c.CellType, c.Kernel)), Is.EqualTo(new[]
        {
            ("code", "csharp"), ("markdown", "markdown"), ("code", "csharp"), ("markdown", "markdown"), ("code", "fsharp"),
            ("code", "csharp"), ("code", "kql"), ("code", "csharp"),
        }));
        Assert.That(notebook.Cells.Select(c => c.Source), Is.EqualTo(new[]
        {
            "var before = \"text before the first header uses the default kernel\";",
            "# Title\n\nSome prose.",
            "#!time\nvar x = 1;\n\nx",
            "short alias",
            "let y = 2",
            "var z = 3;",
            "StormEvents | take 1",
            "",
        }));
    }

    [Test]
    public void Windows_line_endings_read_the_same()
    {
        var lf = Notebook.Load(Write("lf.dib", Sample));
        var crlf = Notebook.Load(Write("crlf.dib", Sample.Replace("\n", "\r\n")));
        Assert.That(crlf.Cells.Select(c => c.Source), Is.EqualTo(lf.Cells.Select(c => c.Source)));
    }

    [Test]
    public void It_becomes_an_nbformat_4_5_notebook_with_polyglot_metadata_and_fresh_ids_that_validates()
    {
        var notebook = Notebook.Load(Write("meta.dib", Sample));
        Assert.That(((int)notebook.Root["nbformat"]!, (int)notebook.Root["nbformat_minor"]!), Is.EqualTo((4, 5)));
        Assert.That((string)notebook.Root["metadata"]!["kernelspec"]!["name"]!, Is.EqualTo(".net-csharp"));
        Assert.That(notebook.Root["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["items"]!.AsArray(), Has.Count.EqualTo(2), "the #!meta kernel info is kept");
        Assert.That((string)notebook.Root["cells"]![4]!["metadata"]!["polyglot_notebook"]!["kernelName"]!, Is.EqualTo("fsharp"));
        var ids = notebook.Cells.Select(c => c.Id).ToList();
        Assert.That(ids, Is.Unique.And.All.Matches<string?>(id => id is not null && CellIds.IsValid(id)));
        Assert.That(Notebook.Load(Write("again.dib", Sample)).Cells.Select(c => c.Id), Is.EqualTo(ids), "the same file gets the same ids");

        string saved = Path.Combine(Dir, "meta.ipynb");
        notebook.Save(saved);
        Nbformat.AssertValid(saved);
        Assert.That(Notebook.Load(saved).Cells.Select(c => c.Source), Is.EqualTo(notebook.Cells.Select(c => c.Source)));
    }

    [Test]
    public void Without_meta_the_default_kernel_is_csharp()
    {
        var notebook = Notebook.Load(Write("plain.dib", "Console.WriteLine(1);\n\n#!markdown\nhi\n"));
        Assert.That(notebook.Cells.Select(c => (c.Kernel, c.Source)), Is.EqualTo(new[] { ("csharp", "Console.WriteLine(1);"), ("markdown", "hi") }));
        Assert.That(notebook.Cells[0].IsCSharp);
    }

    [Test]
    public void An_empty_dib_is_refused_with_one_line()
    {
        var e = Assert.Throws<NotebookException>(() => Notebook.Load(Write("blank.dib", "\n\n   \n")))!;
        Assert.That(e.Message, Does.EndWith("blank.dib: the .dib file has no cells; it is empty apart from blank lines"));
    }

    [Test]
    public void Run_writes_the_dib_as_an_ipynb_with_outputs_that_validates()
    {
        string dib = Write("run.dib", "#!markdown\n\n# Sums\n\n#!csharp\n\nvar total = Enumerable.Range(1, 10).Sum();\nConsole.WriteLine(total);\n\n#!csharp\n\ntotal * 2\n");
        string output = Path.Combine(Dir, "run.ipynb");
        int code = Commands.Root().Parse(["run", dib, "--out", output]).Invoke();
        Assert.That(code, Is.EqualTo(ExitCodes.Graded));
        Nbformat.AssertValid(output);
        var cells = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray();
        Assert.That(string.Concat(cells[1]!["outputs"]![0]!["text"]!.AsArray().Select(l => (string)l!)), Is.EqualTo("55\n"));
        Assert.That(string.Concat(cells[2]!["outputs"]![0]!["data"]!["text/plain"]!.AsArray().Select(l => (string)l!)), Is.EqualTo("110"));
    }

    /// <summary>The master notebook as Polyglot Notebooks would save it as .dib (used by the batch tests too).</summary>
    public static string MasterAsDib()
    {
        var master = Notebook.Load(Repo.MasterNotebook);
        var text = new StringBuilder("#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[],\"name\":\"csharp\"}]}}\n");
        foreach (var cell in master.Cells)
            text.Append($"\n#!{(cell.CellType == "markdown" ? "markdown" : "csharp")}\n\n{cell.Source}\n");
        return text.ToString();
    }

    [Test]
    public void The_master_saved_as_dib_reads_back_with_the_same_cells()
    {
        var master = Notebook.Load(Repo.MasterNotebook);
        var dib = Notebook.Load(Write("02-fully-connected.dib", MasterAsDib()));
        Assert.That(dib.Cells.Select(c => (c.CellType, c.Source.Trim('\n'))), Is.EqualTo(master.Cells.Select(c => (c.CellType, c.Source.Trim('\n')))));
        Assert.That(dib.Cells.SelectMany(CellMarkers.Units), Is.EqualTo(master.Cells.SelectMany(CellMarkers.Units)), "unit markers survive");
    }
}
