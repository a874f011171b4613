using System.Collections.Immutable;
using Course.Grader.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Tests.Release;

/// <summary>
/// A kit works without the instructor's repository: its notebooks compile, stubs and all, against the library in
/// kit/lib (found through the notebook's own <c>#r</c> line), and its self-check program runs a notebook with the
/// worker shipped beside it.
/// </summary>
[NonParallelizable]
public class KitCompileTests
{
    // Polyglot's C# kernel imports these (as the worker's CellCompiler does).
    private static readonly string[] Imports = ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    [Test]
    public void Every_cell_of_the_released_notebooks_compiles_against_the_kit_library_only()
    {
        foreach (var path in Kits.RealMasters.Select(m => Path.Combine(Kits.Real, "notebooks", Path.GetFileName(m)))
                     .Append(Path.Combine(Kits.Synthetic.Kit, "notebooks", "synthetic.ipynb")))
        {
            string kit = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, ".."));
            var (errors, library) = Compile(path, kit);
            Assert.That(errors, Is.Empty, path);
            Assert.That(library, Is.EqualTo(Path.Combine(kit, "lib", "Course.Assignments.dll")), "the library came from the kit");
        }
    }

    [Test]
    public void A_notebook_whose_library_reference_points_outside_the_kit_does_not_compile()
    {
        // The negative case: the same check fails when the #r line is left as the master has it.
        string dir = MasterNotebooks.NewDirectory("unrewritten");
        string path = MasterNotebooks.Write(Path.Combine(dir, "notebooks"), "x.ipynb",
            MasterNotebooks.Code("#r \"../assignments/bin/Release/net10.0/Course.Assignments.dll\"\nusing Course;"),
            MasterNotebooks.Code("var t = Tensor<double>.Zeros(2, 2);"));
        var (errors, library) = Compile(path, Kits.Real);
        Assert.That(library, Is.Null);
        Assert.That(errors, Has.Some.Contains("CS0006").And.Some.Contains("Tensor"));
    }

    [Test]
    public void The_kit_self_check_runs_a_released_notebook_with_its_own_worker_and_offers_only_student_commands()
    {
        string kit = Kits.Real;
        string tool = Path.Combine(kit, "tools", "check", "course-check.dll");
        string notebook = Path.Combine(kit, "notebooks", "02-fully-connected.ipynb");
        string output = Path.Combine(MasterNotebooks.NewDirectory("kit-run"), "out.ipynb");
        var (code, stdout, stderr) = Kits.Dotnet(tool, "run", notebook, "--out", output);
        Assert.That(code, Is.EqualTo(0), stderr);
        // The unit cells (stubs) compile and run; training hits the first stub.
        Assert.That(stdout, Does.Contain("cell  12").And.Contain("NotImplementedException"));
        Assert.That(stdout, Does.Not.Contain("CompilationError"));
        var executed = Notebook.Load(output);
        Assert.That(executed.Cells.Any(c => c.CellType == "code"));

        var (_, help, _) = Kits.Dotnet(tool, "--help");
        Assert.That(help, Does.Match(@"(?m)^\s+run\b"));
        Assert.That(help, Does.Not.Match(@"(?m)^\s+(grade|release|author)\b"));
    }

    [Test]
    public void The_kit_self_check_uses_the_worker_shipped_beside_it_not_the_one_in_the_repository()
    {
        // A copy of the kit whose worker is broken: if the tool fell back to the repository's worker (which exists on
        // this machine), the run would succeed.
        string copy = MasterNotebooks.NewDirectory("kit-broken-worker");
        foreach (var file in Directory.EnumerateFiles(Kits.Real, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(Kits.Real, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(copy, "tools", "check", "worker", "Course.Worker.dll"), "not an assembly");
        var (_, stdout, stderr) = Kits.Dotnet(Path.Combine(copy, "tools", "check", "course-check.dll"), "run",
            Path.Combine(copy, "notebooks", "02-fully-connected.ipynb"), "--out", Path.Combine(copy, "out.ipynb"));
        Assert.That(stdout, Does.Contain("stopped: the worker process failed before running any cell").And.Contain("0 cells run"), stderr);
    }

    /// <summary>Compiles the notebook's C# cells as a chain of script submissions, as a kernel does, referencing only
    /// the framework: the course library comes from the notebook's <c>#r</c> line, resolved beside the notebook;
    /// <c>#r "nuget: …"</c> (which an editor downloads) resolves to the kit worker's copy of that package.</summary>
    private static (List<string> Errors, string? Library) Compile(string notebookPath, string kit)
    {
        string directory = Path.GetDirectoryName(notebookPath)!;
        string packages = Path.Combine(kit, "tools", "check", "worker");
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == framework)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(Path.Combine(packages, "FSharp.Core.dll")))
            .ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: Imports,
            metadataReferenceResolver: new KitResolver(directory, packages), nullableContextOptions: NullableContextOptions.Disable);
        var parse = new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script);

        var errors = new List<string>();
        string? library = null;
        CSharpCompilation? previous = null;
        foreach (var cell in Notebook.Load(notebookPath).Cells.Where(c => c.IsCSharp))
        {
            var tree = CSharpSyntaxTree.ParseText(cell.Source, parse, path: Path.Combine(directory, $"cell-{cell.Index}.csx"));
            var compilation = CSharpCompilation.CreateScriptCompilation($"cell{cell.Index}", tree, references, options, previous, typeof(object));
            var cellErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            errors.AddRange(cellErrors.Select(d => $"cell {cell.Index}: {d}"));
            if (cellErrors.Count > 0) continue;
            previous = compilation;
            library ??= compilation.DirectiveReferences.OfType<PortableExecutableReference>()
                .Select(r => r.FilePath).FirstOrDefault(p => Path.GetFileName(p) == "Course.Assignments.dll");
        }
        return (errors, library);
    }

    private sealed class KitResolver(string notebookDirectory, string packages) : MetadataReferenceResolver
    {
        private string Directory { get; } = notebookDirectory;

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
        {
            string path = reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
                ? Path.Combine(packages, reference[6..].Split(',')[0].Trim() + ".dll")
                : Path.GetFullPath(Path.Combine(Directory, reference));
            return File.Exists(path) ? [MetadataReference.CreateFromFile(path, properties)] : default;
        }

        public override bool Equals(object? other) => other is KitResolver r && r.Directory == Directory;

        public override int GetHashCode() => Directory.GetHashCode();
    }
}
