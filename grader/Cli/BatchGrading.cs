using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Grader.Reports;
using Spectre.Console;

namespace Course.Grader.Cli;

/// <summary>
/// <c>grade</c> over several notebooks and folders: each notebook is graded on its own, and one that cannot be
/// graded (unreadable, a Python notebook, nothing to grade) costs one line on stderr, never the rest of the batch.
/// </summary>
public static class BatchGrading
{
    /// <summary>The notebooks named by the command line: files as given, folders as their .ipynb and .dib files, sorted.</summary>
    public static List<string> Expand(IEnumerable<string> inputs, List<string> problems)
    {
        var notebooks = new List<string>();
        foreach (string input in inputs)
        {
            if (!Directory.Exists(input))
            {
                notebooks.Add(input); // a missing or unreadable file is reported by the reader, in order
                continue;
            }
            var found = Directory.EnumerateFiles(input)
                .Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".dib", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0) problems.Add($"{input}: a directory with no .ipynb or .dib files in it; name a notebook file or a folder of notebooks");
            notebooks.AddRange(found);
        }
        return notebooks;
    }

    /// <summary>Whether the command line asks for a batch: several inputs, or a folder.</summary>
    public static bool IsBatch(IReadOnlyList<string> inputs) => inputs.Count > 1 || inputs.Any(Directory.Exists);

    /// <summary>
    /// Grades every notebook; returns the exit code: 0 when all were graded, 2 when any could not be,
    /// 4 when the grader itself failed on any.
    /// </summary>
    public static int Run(IReadOnlyList<string> inputs, GradeOptions template, CourseConfig course, string? jsonDirectory, IAnsiConsole console)
    {
        var problems = new List<string>();
        var notebooks = Expand(inputs, problems);
        foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
        if (jsonDirectory is not null) Directory.CreateDirectory(jsonDirectory);
        var resultNames = ResultNames(notebooks);

        int graded = 0, failed = problems.Count;
        bool internalError = false;
        foreach (string path in notebooks)
        {
            console.MarkupLine($"[bold]== {Markup.Escape(path)}[/]");
            try
            {
                var report = GradeOne(path, template, course, console);
                ConsoleReport.Write(report, console);
                if (jsonDirectory is not null)
                {
                    string target = Path.Combine(jsonDirectory, resultNames[path] + ".results.json");
                    GradescopeReport.Write(report, target);
                    console.MarkupLine($"Results written to [bold]{Markup.Escape(target)}[/]");
                }
                graded++;
            }
            catch (Exception e) when (e is NotebookException or UngradableException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {WithPath(path, e.Message)}");
                failed++;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"error: {path}: internal error ({e.GetType().Name}): {e.Message}");
                failed++;
                internalError = true;
            }
        }
        Console.WriteLine($"{graded} graded, {failed} could not be graded");
        return internalError ? ExitCodes.InternalError : failed > 0 ? ExitCodes.BadInput : ExitCodes.Graded;
    }

    /// <summary>
    /// Reads and vets the notebook first, so that a file that cannot be graded is rejected in milliseconds, before
    /// any worker process starts.
    /// </summary>
    public static GradeReport GradeOne(string path, GradeOptions template, CourseConfig course, IAnsiConsole console)
    {
        var notebook = Notebook.Load(path);
        notebook.RequireCSharpCode();
        foreach (var warning in notebook.Warnings) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape($"{path}: {warning}")}");
        var options = template with { NotebookPath = path };
        GradeReport report = null!;
        console.Status().Start("Grading…", ctx => report = GradingPipeline.Grade(options, course, step => ctx.Status($"Grading: {step}")));
        return report;
    }

    /// <summary>
    /// Result file names: the notebook's name, or, when notebooks share a name (every student's file is called the
    /// same), as many of its folders as make it unique: <c>alice_02-fully-connected</c>.
    /// </summary>
    public static Dictionary<string, string> ResultNames(IReadOnlyList<string> notebooks)
    {
        var paths = notebooks.Distinct().ToList();
        var segments = paths.ToDictionary(p => p, p => Path.ChangeExtension(Path.GetFullPath(p), null)
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        string Name(string path, int depth) => string.Join('_', segments[path].TakeLast(depth));
        var names = new Dictionary<string, string>();
        foreach (var group in paths.GroupBy(p => Name(p, 1)))
        {
            int depth = 1;
            while (group.Select(p => Name(p, depth)).Distinct().Count() < group.Count() && group.Any(p => segments[p].Length > depth)) depth++;
            foreach (string path in group) names[path] = Name(path, depth);
        }
        return names;
    }

    private static string WithPath(string path, string message) =>
        message.StartsWith(path, StringComparison.Ordinal) ? message : $"{path}: {message}";
}
