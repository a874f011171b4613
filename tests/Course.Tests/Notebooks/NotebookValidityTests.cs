using Course.Tests.Release;
using Course.Tests.Fixtures;

namespace Course.Tests.Notebooks;

/// <summary>
/// Every notebook in the repository and every notebook the framework writes passes the official nbformat
/// validator (Debian's python3-nbformat, installed by tests/run.sh), not just our own reader.
/// </summary>
public class NotebookValidityTests
{
    private static IEnumerable<string> RepositoryNotebooks() =>
        Directory.EnumerateFiles(Repo.Root, "*.ipynb", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(p => Path.GetRelativePath(Repo.Root, p));

    [TestCaseSource(nameof(RepositoryNotebooks))]
    public void Repository_notebooks_validate(string relative) => AssertValid(Repo.Path(relative));

    [Test]
    public void Released_notebooks_validate()
    {
        // The kit of the course, released once per run by the release tests' fixture (a kit is ~50 MB).
        var written = Directory.EnumerateFiles(Path.Combine(Kits.Real, "notebooks"), "*.ipynb").ToList();
        Assert.That(written, Is.Not.Empty);
        foreach (var notebook in written) AssertValid(notebook);
    }

    [Test]
    public void The_master_is_nbformat_4_5_in_the_layout_polyglot_notebooks_writes()
    {
        var nb = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.MasterNotebook))!;
        Assert.That(((int)nb["nbformat"]!, (int)nb["nbformat_minor"]!), Is.EqualTo((4, 5)));
        Assert.That((string)nb["metadata"]!["kernelspec"]!["name"]!, Is.EqualTo(".net-csharp"));
        foreach (var cell in nb["cells"]!.AsArray().Where(c => (string)c!["cell_type"]! == "code"))
        {
            Assert.That((string)cell!["metadata"]!["polyglot_notebook"]!["kernelName"]!, Is.EqualTo("csharp"));
            Assert.That((string)cell["id"]!, Does.Match("^[0-9a-f]{8}$"));
        }
    }

    private static void AssertValid(string path) => Nbformat.AssertValid(path);
}
