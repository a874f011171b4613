using Course.Grader.Configuration;
using Course.Grader.Notebooks;

namespace Course.Grader.Release;

/// <summary>
/// Builds the student kit in one folder: <c>notebooks/</c> (student versions and their data), <c>lib/</c> (the
/// course library they reference), <c>tools/check/</c> (the public self-check and its worker), <c>check.sh</c>,
/// <c>run.sh</c> and a README. Nothing comes from reference/, and no hidden test or solution survives.
/// </summary>
public static class Releaser
{
    /// <summary>Marks a folder as a kit written here, so that releasing again may clear it.</summary>
    public const string KitMarker = ".course-kit";

    public static IReadOnlyList<string> Release(CourseConfig course, string repositoryRoot, string outDirectory)
    {
        var inputs = KitInputs.Locate();
        // Every master is checked before anything is written: a half-written kit must not look finished.
        var students = course.Homework.SelectMany(h => h.Notebooks.Select(n => StudentNotebook(repositoryRoot, n, h))).ToList();

        PrepareOutput(outDirectory);
        // Marked first, so a release that fails half-way leaves a folder the next release may still replace.
        File.WriteAllText(Path.Combine(outDirectory, KitMarker), "Written by the course grader's `release`; releasing again replaces this folder.\n");
        var written = new List<string>();
        string notebooksOut = Path.Combine(outDirectory, "notebooks");
        Directory.CreateDirectory(notebooksOut);
        foreach (var notebook in students)
        {
            string target = Path.Combine(notebooksOut, Path.GetFileName(notebook.Path));
            notebook.Save(target);
            written.Add(target);
        }

        // The data the notebooks load (MNIST, with its licence file) travels with them.
        written.AddRange(CopyTree(Path.Combine(repositoryRoot, "notebooks", "data"), Path.Combine(notebooksOut, "data"), _ => true));

        // The library and what it needs at run time beyond the shared framework (System.Numerics.Tensors), with its
        // XML docs for the editor's tooltips. No PDB: it only names the instructor's paths.
        written.AddRange(CopyTree(inputs.Library, Path.Combine(outDirectory, "lib"),
            f => f.EndsWith(".dll") || f.EndsWith(".xml") || f.EndsWith(".deps.json"), recursive: false));

        string tools = Path.Combine(outDirectory, "tools", "check");
        written.AddRange(CopyTree(inputs.SelfCheck, tools, ToolFile));
        // WorkerProcess looks for the worker beside the program (tools/check/worker) before the build-time path.
        written.AddRange(CopyTree(inputs.Worker, Path.Combine(tools, "worker"), NotDebugSymbols));

        // The course description: units, points, deadlines and the late policy are public, and `check` reads it.
        string courseJson = Path.Combine(outDirectory, "course.json");
        File.Copy(Path.Combine(course.Directory ?? repositoryRoot, "course.json"), courseJson, overwrite: true);
        written.Add(courseJson);

        written.Add(Script(outDirectory, "check.sh", "check"));
        written.Add(Script(outDirectory, "run.sh", "run"));
        string readme = Path.Combine(outDirectory, "README.md");
        File.WriteAllText(readme, StudentReadme.Write(course));
        written.Add(readme);
        return written;
    }

    /// <summary>The student version of one master, after the same repairs <c>author --write</c> makes; a master
    /// with a problem no repair fixes stops the release.</summary>
    private static Notebook StudentNotebook(string repositoryRoot, string relative, Homework homework)
    {
        var notebook = Notebook.Load(Path.Combine(repositoryRoot, relative));
        MasterRepair.Apply(notebook);
        var problems = MasterCheck.Run(notebook, homework);
        if (problems.Count > 0)
            throw new ReleaseException($"{problems[0]}" + (problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : "") +
                                       $"; run `author {relative}` to list them all");
        StudentVersion.Apply(notebook, Path.GetFileName(relative));
        return notebook;
    }

    /// <summary>An existing folder is replaced only when it is a kit written here, never any other folder.</summary>
    private static void PrepareOutput(string outDirectory)
    {
        if (File.Exists(outDirectory)) throw new ReleaseException($"{outDirectory}: is a file; give a folder for the kit");
        if (Directory.Exists(outDirectory) && Directory.EnumerateFileSystemEntries(outDirectory).Any())
        {
            if (!File.Exists(Path.Combine(outDirectory, KitMarker)))
                throw new ReleaseException($"{outDirectory}: the folder is not empty and is not a kit written by `release`; give an empty or new folder");
            Directory.Delete(outDirectory, recursive: true);
        }
        Directory.CreateDirectory(outDirectory);
    }

    private static bool NotDebugSymbols(string file) => !file.EndsWith(".pdb");

    /// <summary>The self-check's own files. The grader and the worker are Exe projects, so the build also drops
    /// their launchers and deps files beside it; the tool does not use them (the worker gets a folder of its own).</summary>
    private static bool ToolFile(string file)
    {
        string name = Path.GetFileName(file);
        bool foreignLauncher = name is "Course.Grader" or "Course.Worker" ||
                               (name.StartsWith("Course.Grader.") || name.StartsWith("Course.Worker.")) &&
                               (name.EndsWith(".deps.json") || name.EndsWith(".runtimeconfig.json"));
        return NotDebugSymbols(file) && !foreignLauncher;
    }

    private static IEnumerable<string> CopyTree(string from, string to, Func<string, bool> include, bool recursive = true)
    {
        if (!Directory.Exists(from)) return [];
        var written = new List<string>();
        foreach (var file in Directory.EnumerateFiles(from, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            if (!include(file)) continue;
            // Belt and braces: the build keeps the reference out of the tools (PrivateAssets), and this refuses a
            // kit if that ever changes.
            if (Path.GetFileName(file).StartsWith("Course.Reference", StringComparison.OrdinalIgnoreCase))
                throw new ReleaseException($"{file}: the reference must never ship, but it is in a build output the kit copies; " +
                                           "keep Course.Reference's ProjectReference PrivateAssets=\"all\" and rebuild");
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            written.Add(target);
        }
        return written;
    }

    private static string Script(string kit, string name, string command)
    {
        string path = Path.Combine(kit, name);
        File.WriteAllText(path, $"#!/bin/sh\n# {command} one notebook: ./{name} notebooks/NOTEBOOK.ipynb\n" +
                                $"exec dotnet \"$(dirname \"$0\")/tools/check/course-check.dll\" {command} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return path;
    }
}
