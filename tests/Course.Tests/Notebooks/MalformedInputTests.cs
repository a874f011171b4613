using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Course.Grader.Cli;
using Course.Grader.Notebooks;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// The malformed-input corpus: files students really submit, and files that attack the reader. Each is refused by
/// <c>grade</c> with exit code 2 and one line on stderr that names the file, says what is wrong and what to do —
/// never a stack trace. A few odd-but-harmless inputs are accepted instead; those decisions are tested (and
/// documented in the README) at the bottom.
/// </summary>
[NonParallelizable]
public class MalformedInputTests
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "malformed-" + Guid.NewGuid().ToString("N"));

    /// <summary>A case: the file's name, how to make it, and what the one-line message must say.</summary>
    public sealed record Case(string Name, Action<string> Make, params string[] Expected)
    {
        public override string ToString() => Name;
    }

    private static string Cell(string type, string source, string extra = "") =>
        $$"""{"cell_type": "{{type}}", "metadata": {}, "source": {{JsonValue.Create(source).ToJsonString()}}{{(type == "code" ? ", \"outputs\": [], \"execution_count\": null" : "")}}{{extra}}}""";

    private static string Notebook(string cells, string metadata = """{"kernelspec": {"name": ".net-csharp", "language": "C#", "display_name": ".NET (C#)"}}""", string format = "\"nbformat\": 4, \"nbformat_minor\": 5") =>
        $$"""{{{format}}, "metadata": {{metadata}}, "cells": [{{cells}}]}""";

    private static Action<string> Text(string text) => path => File.WriteAllText(path, text, new UTF8Encoding(false));

    private static Action<string> Bytes(params byte[] bytes) => path => File.WriteAllBytes(path, bytes);

    private static readonly string Valid = Notebook(Cell("code", "var x = 1;"));

    public static IEnumerable<Case> Corpus()
    {
        yield return new("invalid-json.ipynb", Text("{\"nbformat\": 4, \"cells\": [}, \"metadata\": {}}"), "not valid JSON at line 1", "edited outside a notebook editor");
        yield return new("truncated.ipynb", path => File.WriteAllText(path, File.ReadAllText(Repo.MasterNotebook)[..20_000]), "not valid JSON", "seems truncated");
        yield return new("non-utf8.ipynb", Bytes([.. Encoding.ASCII.GetBytes("{\"nbformat\": 4, \"cells\": [], \"x\": \""), 0xE9, .. "\"}"u8]), "not UTF-8 text (invalid byte at offset 35)", "save the notebook as UTF-8");
        yield return new("utf16.ipynb", path => File.WriteAllText(path, Valid, Encoding.Unicode), "UTF-16 text", "save it again as UTF-8");
        yield return new("utf16-no-bom.ipynb", path => File.WriteAllBytes(path, new UnicodeEncoding(false, false).GetBytes(Valid)), "UTF-16 text");
        yield return new("nbformat3.ipynb", Text("{\"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": [{\"cells\": []}]}"), "nbformat 3 is not supported", "converts it to nbformat 4");
        yield return new("nbformat5.ipynb", Text(Notebook(Cell("code", "1"), format: "\"nbformat\": 5, \"nbformat_minor\": 0")), "nbformat 5 is not supported");
        yield return new("nbformat-string.ipynb", Text(Notebook(Cell("code", "1"), format: "\"nbformat\": \"4\", \"nbformat_minor\": 5")), "nbformat \"4\" is not supported");
        yield return new("nbformat-overflow.ipynb", Text(Notebook(Cell("code", "1"), format: "\"nbformat\": 1e400, \"nbformat_minor\": 5")), "nbformat 1e400 is not supported");
        yield return new("no-nbformat.ipynb", Text(Notebook(Cell("code", "1"), format: "\"nbformat_minor\": 5")), "no \"nbformat\" field");
        yield return new("no-cells.ipynb", Text("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}"), "there is no \"cells\" list");
        yield return new("cells-not-a-list.ipynb", Text("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": {\"0\": {}}}"), "\"cells\" is an object, but it must be a list");
        yield return new("cell-not-an-object.ipynb", Text(Notebook(Cell("code", "1") + ", \"2\"")), "cell 2 is not a JSON object but a string");
        yield return new("unknown-cell-type.ipynb", Text(Notebook(Cell("widget", "1"))), "cell 1 has cell_type \"widget\"", "code, markdown or raw");
        yield return new("no-cell-type.ipynb", Text(Notebook("{\"metadata\": {}, \"source\": \"1\"}")), "cell 1 has no cell_type");
        yield return new("source-number.ipynb", Text(Notebook("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"source\": 42}")), "cell 1: its source is a number", "list of lines of text");
        yield return new("source-line-number.ipynb", Text(Notebook("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"source\": [\"a\\n\", 7]}")), "cell 1: line 2 of its source is a number");
        yield return new("10000-cells.ipynb", Text(Notebook(string.Join(", ", Enumerable.Repeat(Cell("code", "1"), 10_000)))), "more than 2000 code cells (10000 cells in all)", "merge or delete cells");
        yield return new("python-kernel.ipynb", Text(Notebook(Cell("code", "print(1)"), """{"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}""")),
            "this is a Python notebook (kernel python3)", "the course grades C# notebooks");
        yield return new("fsharp-only.ipynb", Text(Notebook(Cell("code", "#!fsharp\nlet x = 1"))), "none of its 1 code cells is C# (they are fsharp)");
        yield return new("no-code-cells.ipynb", Text(Notebook(Cell("markdown", "# Just prose"))), "no code cells, so there is nothing to grade");
        yield return new("zero-cells.ipynb", Text(Notebook("")), "no code cells, so there is nothing to grade");
        yield return new("empty.ipynb", Text(""), "the file is empty (0 bytes)");
        yield return new("whitespace.ipynb", Text(" \n\t\r\n  "), "the file is empty (only white space)");
        yield return new("empty-folder", path => Directory.CreateDirectory(path), "a directory with no .ipynb or .dib files");
        yield return new("missing.ipynb", _ => { }, "no such file");
        yield return new("screenshot.ipynb", Bytes(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13), "a PNG image, not a notebook");
        yield return new("homework.ipynb.zip", path => MakeZip(path), "a zip archive", "unzip it");
        yield return new("export.pdf", Text("%PDF-1.7\n1 0 obj\n"), "a PDF, not a notebook");
        yield return new("binary.ipynb", Bytes(1, 2, 3, 0, 5), "a binary file");
        yield return new("top-level-array.ipynb", Text("[{\"nbformat\": 4}]"), "the top level is a list, but it must be a JSON object");
        yield return new("top-level-null.ipynb", Text("null"), "the top level is null");
        yield return new("deeply-nested.ipynb", Text(Notebook(Cell("code", "1"), metadata: $"{{\"x\": {new string('[', 10_000)}{new string(']', 10_000)}}}")), "nested more than 256 levels");
        yield return new("duplicate-key.ipynb", Text("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [], \"cells\": []}"), "has the key \"cells\" twice", "remove the repeated key");
        yield return new("lone-surrogate.ipynb", Text(Notebook(Cell("markdown", "ok") + ", " + Cell("code", "x").Replace("\"x\"", "\"var s = \\\"\\ud83d\\\";\""))),
            "cell 2 has half of a UTF-16 surrogate pair", "delete the broken character");
        yield return new("lone-surrogate-metadata.ipynb", Text(Notebook(Cell("code", "1"), metadata: "{\"x\": \"\\udc00\"}")), "a text in the file has half of a UTF-16 surrogate pair");
        yield return new("too-big.ipynb", path => { using var f = File.Create(path); f.SetLength(NotebookLimits.MaxFileBytes + 1); }, "the file is 100.0 MB, more than the 100 MB a notebook may have", "clear the outputs");
        yield return new("bad-meta.dib", Text("#!meta\n\n{not json\n\n#!csharp\n1"), "line 3: the line after #!meta must be a JSON object");
        yield return new("python.dib", Text("#!meta\n{\"kernelInfo\": {\"defaultKernelName\": \"python\"}}\n\nprint(1)"), "none of its 1 code cells is C# (they are python)");
    }

    private static void MakeZip(string path)
    {
        string inner = Path.Combine(Dir, "zip-content");
        Directory.CreateDirectory(inner);
        File.WriteAllText(Path.Combine(inner, "02-fully-connected.ipynb"), Valid);
        System.IO.Compression.ZipFile.CreateFromDirectory(inner, path);
    }

    [OneTimeSetUp]
    public void CreateDirectory() => Directory.CreateDirectory(Dir);

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(Dir, recursive: true);

    private static string Make(Case c)
    {
        string path = Path.Combine(Dir, c.Name);
        c.Make(path);
        return path;
    }

    [Test]
    public void The_corpus_has_at_least_25_cases() => Assert.That(Corpus().Count(), Is.GreaterThanOrEqualTo(25));

    [TestCaseSource(nameof(Corpus))]
    public void Grade_refuses_it_with_exit_code_2_and_one_line_naming_the_file(Case c)
    {
        string path = Make(c);
        var (code, stderr) = GradeInProcess(path, "--assignment", "fully-connected");
        var lines = stderr.TrimEnd('\n').Split('\n');
        TestContext.Out.WriteLine(lines[0]);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith($"error: {path}: "));
        foreach (string expected in c.Expected) Assert.That(lines[0], Does.Contain(expected));
        Assert.That(stderr, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace, no exception names");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
    }

    [TestCase("truncated.ipynb")]
    [TestCase("screenshot.ipynb")]
    [TestCase("python-kernel.ipynb")]
    public void The_real_cli_process_refuses_it_the_same_way(string name)
    {
        var c = Corpus().Single(c => c.Name == name);
        string path = Make(c);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Course.Grader.dll"), "grade", path }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(ExitCodes.BadInput), stdout.Result + stderr);
        Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.StartWith($"error: {path}: ").And.Contain(c.Expected[0]));
    }

    [Test]
    public void The_reader_itself_says_a_directory_is_not_a_notebook()
    {
        var e = Assert.Throws<NotebookException>(() => Course.Grader.Notebooks.Notebook.Load(Dir))!;
        Assert.That(e.Message, Is.EqualTo($"{Dir}: is a directory, not a notebook file; name the .ipynb file inside it"));
    }

    // Accepted on purpose: harmless for grading, and refusing them would fail students for their editor's habits.

    [Test]
    public void A_utf8_byte_order_mark_is_accepted_and_not_written_back()
    {
        string path = Path.Combine(Dir, "bom.ipynb");
        File.WriteAllText(path, Valid, new UTF8Encoding(true));
        var notebook = Course.Grader.Notebooks.Notebook.Load(path);
        Assert.That(notebook.Cells.Single().Source, Is.EqualTo("var x = 1;"));
        Assert.That(notebook.ToJson(), Is.EqualTo(Valid), "the same text, without the mark Jupyter cannot read");
    }

    [Test]
    public void A_50_MB_output_blob_is_accepted_since_outputs_are_not_graded()
    {
        string path = Path.Combine(Dir, "blob.ipynb");
        string blob = new('A', 50 * 1024 * 1024);
        File.WriteAllText(path, Notebook(Cell("code", "var x = 1;", $", \"outputs\": [{{\"output_type\": \"display_data\", \"metadata\": {{}}, \"data\": {{\"image/png\": \"{blob}\"}}}}]")
            .Replace("\"outputs\": [], ", "")));
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(50L * 1024 * 1024));
        var notebook = Course.Grader.Notebooks.Notebook.Load(path);
        notebook.RequireCSharpCode();
        Assert.That(notebook.Cells.Single().Source, Is.EqualTo("var x = 1;"));
    }

    [Test]
    public void Duplicate_and_invalid_cell_ids_are_accepted_with_warnings_and_missing_ids_silently()
    {
        string path = Path.Combine(Dir, "ids.ipynb");
        File.WriteAllText(path, Notebook(string.Join(", ", Cell("code", "1", ", \"id\": \"a\""), Cell("code", "2", ", \"id\": \"a\""),
            Cell("code", "3", ", \"id\": \"has space\""), Cell("code", "4", ", \"id\": \"" + new string('x', 65) + "\""), Cell("markdown", "no id"),
            Cell("code", "6", ", \"id\": 6"))));
        var notebook = Course.Grader.Notebooks.Notebook.Load(path);
        notebook.RequireCSharpCode();
        Assert.That(notebook.Warnings, Has.Count.EqualTo(4));
        Assert.That(notebook.Warnings[3], Is.EqualTo("cell 6: its id is not text; ignored"));
        Assert.That(notebook.Warnings[0], Is.EqualTo("cell 2: id \"a\" is also the id of cell 1; ids are not used for grading, so both are graded"));
        Assert.That(notebook.Warnings[1], Does.StartWith("cell 3: id \"has space\" is not a valid nbformat cell id"));
        Assert.That(notebook.Warnings[2], Does.StartWith("cell 4: id \"xxx"));
    }

    [Test]
    public void Execute_result_outputs_string_sources_and_a_minor_4_notebook_without_ids_are_read()
    {
        var notebook = Course.Grader.Notebooks.Notebook.Parse(Notebook(
            Cell("code", "1 + 1", ", \"execution_count\": 1, \"outputs\": [{\"output_type\": \"execute_result\", \"execution_count\": 1, \"metadata\": {}, \"data\": {\"text/plain\": \"2\"}}]")
                .Replace("\"outputs\": [], \"execution_count\": null, ", ""),
            format: "\"nbformat\": 4, \"nbformat_minor\": 4"), "legacy.ipynb");
        notebook.RequireCSharpCode();
        Assert.That((notebook.Cells.Single().Source, notebook.Cells.Single().Id, notebook.Warnings.Count), Is.EqualTo(("1 + 1", (string?)null, 0)));
    }

    [Test]
    public void Metadata_of_unexpected_shapes_is_read_around_not_crashed_on()
    {
        // JsonNode's indexer throws on a string where an object was expected; the reader must not.
        var notebook = Course.Grader.Notebooks.Notebook.Parse(Notebook(string.Join(", ",
                Cell("code", "var a = 1;", ", \"metadata\": {\"polyglot_notebook\": \"csharp\", \"dotnet_interactive\": [1], \"course\": \"linear\"}").Replace("\"metadata\": {}, ", ""),
                Cell("code", "var b = 2;").Replace("\"metadata\": {}", "\"metadata\": 7")),
            metadata: """{"kernelspec": "python3", "polyglot_notebook": {"kernelInfo": 5}, "kernelInfo": []}""",
            format: "\"nbformat\": 4, \"nbformat_minor\": \"5\""), "odd.ipynb");
        notebook.RequireCSharpCode();
        Assert.That(notebook.Cells.Select(c => (c.Kernel, CellMarkers.Units(c).Count, CellMarkers.LockedId(c))), Is.EqualTo(new[] { ("csharp", 0, (string?)null), ("csharp", 0, null) }));
        notebook.Cells[0].Source = "var a = 10;";
        Assert.That(notebook.ToJson(), Does.Contain("var a = 10;"));
    }

    /// <summary>The CLI in this process, as Program.cs runs it, with stderr captured.</summary>
    private static (int Code, string Stderr) GradeInProcess(params string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            int code = Commands.Root().Parse(["grade", .. args, "--course", Repo.Path("course.json")]).Invoke();
            return (code, error.ToString());
        }
        finally { Console.SetError(previous); }
    }
}
