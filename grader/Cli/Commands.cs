using System.CommandLine;
using Course.Grader.Checks;
using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Grader.Release;
using Course.Grader.Reports;
using Spectre.Console;

namespace Course.Grader.Cli;

/// <summary>Exit codes of the CLI, documented in the README.</summary>
public static class ExitCodes
{
    public const int Graded = 0;
    public const int BadInput = 2;
    public const int BadCourse = 3;
    public const int InternalError = 4;
}

public static partial class Commands
{
    public static RootCommand Root()
    {
        var root = new RootCommand("Grades deep-learning homework notebooks against a hidden reference, with gradient checks and timing.");
        root.Subcommands.Add(Grade());
        root.Subcommands.Add(ReleaseCommand());
        root.Subcommands.Add(Run());
        root.Subcommands.Add(Check());
        root.Subcommands.Add(Author());
        return root;
    }

    private static Option<string> CourseOption() => new("--course")
    {
        Description = "The course description.",
        DefaultValueFactory = _ => Path.Combine(RepositoryRoot.Find() ?? RepositoryRoot.FindKit() ?? ".", "course.json"),
    };

    private static Command Grade()
    {
        var notebook = new Argument<string[]>("notebooks")
        {
            Description = "The student's notebook (.ipynb or .dib); several notebooks or folders of them grade each on its own.",
            Arity = ArgumentArity.OneOrMore,
        };
        var assignment = new Option<string?>("--assignment") { Description = "The homework id in course.json (default: the homework that lists a notebook of this name)." };
        var json = new Option<string?>("--json") { Description = "Also write Gradescope-compatible results to this path (results.json); with several notebooks, a folder that gets NAME.results.json for each." };
        var seed = new Option<int?>("--seed")
        {
            Description = $"Seed of the test inputs; the same seed gives the same correctness points (default: the secret in {GradingSeed.Variable}, else a public default, with a warning).",
        };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one call into student code may take.", DefaultValueFactory = _ => 10 };
        var submitted = new Option<DateTimeOffset?>("--submitted") { Description = "Submission time (ISO 8601) to apply the late policy to." };
        // One unit per --unit, so that notebooks after it are not taken for units.
        var units = new Option<string[]>("--unit") { Description = "Grade only this unit (repeat --unit for several)." };
        var course = CourseOption();
        var command = new Command("grade", "Grade a notebook: forward, gradient and speed checks of every unit against the reference.")
        {
            notebook, assignment, json, seed, timeout, submitted, units, course,
        };
        command.SetAction(parse => Guard(() =>
        {
            var config = CourseLoader.Load(parse.GetValue(course)!);
            var console = AnsiConsole.Console;
            var only = parse.GetValue(units) is { Length: > 0 } u ? u : null;
            var inputs = parse.GetValue(notebook)!;
            var seedUsed = GradingSeed.Resolve(parse.GetValue(seed), out string? seedWarning);
            // After the results, on stdout: stderr keeps its one line per notebook that could not be graded.
            void SeedNote() { if (seedWarning is not null) console.MarkupLine($"[yellow]note:[/] {Markup.Escape(seedWarning)}"); }
            var options = new GradeOptions(inputs[0], parse.GetValue(assignment), seedUsed.Value,
                parse.GetValue(timeout), parse.GetValue(submitted), OnlyUnits: only, SecretSeed: seedUsed.Secret);
            if (BatchGrading.IsBatch(inputs))
            {
                int code = BatchGrading.Run(inputs, options, config, parse.GetValue(json), console);
                SeedNote();
                return code;
            }
            var report = BatchGrading.GradeOne(inputs[0], options, config, console);
            ConsoleReport.Write(report, console);
            if (parse.GetValue(json) is { } path)
            {
                GradescopeReport.Write(report, path);
                console.MarkupLine($"Results written to [bold]{Markup.Escape(path)}[/]");
            }
            SeedNote();
            return ExitCodes.Graded;
        }));
        return command;
    }

    private static Command Run()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb notebook to run." };
        var output = new Option<string?>("--out") { Description = "Where to write the executed notebook (default: next to it, as NAME.out.ipynb)." };
        var timeout = new Option<double>("--cell-timeout") { Description = "Seconds one cell may run.", DefaultValueFactory = _ => 600 };
        var command = new Command("run", "Run a notebook's C# cells top to bottom in a worker process and save it with the outputs.")
        {
            notebook, output, timeout,
        };
        command.SetAction(parse => Guard(() =>
        {
            string path = parse.GetValue(notebook)!;
            double seconds = parse.GetValue(timeout);
            if (seconds is not (> 0 and <= 86400)) return Fail($"--cell-timeout {seconds}: give a number of seconds from above 0 up to 86400 (a day)", ExitCodes.BadInput);
            string target = parse.GetValue(output) ?? Path.ChangeExtension(path, ".out.ipynb");
            // Checked before the cells run: a long run must not be lost to a path that cannot be written.
            if (OutputFile.Problem(target, "--out") is { } problem) return Fail(problem, ExitCodes.BadInput);
            var report = NotebookRunner.Run(path, TimeSpan.FromSeconds(seconds), cell =>
            {
                string status = cell.ErrorName is null ? "ok" : $"{cell.ErrorName}: {cell.ErrorMessage}";
                Console.WriteLine($"cell {cell.Cell,3}  {cell.Seconds,7:0.0} s  {status}");
            }, allowParallelism: AllowsParallelism(path));
            report.Notebook.Save(target);
            foreach (string warning in report.Warnings) Console.WriteLine($"note: {warning}");
            if (report.StoppedBecause is not null) Console.WriteLine($"stopped: {report.StoppedBecause}");
            int failed = report.Outputs.Count(o => o.ErrorName is not null);
            Console.WriteLine($"{report.Outputs.Count} cells run, {failed} with errors; written to {target}");
            return ExitCodes.Graded;
        }));
        return command;
    }

    /// <summary>Whether the homework of this notebook lets its code use threads (course.json's allowParallelism);
    /// the strict rules apply to a notebook of no homework, or when there is no readable course.json.</summary>
    private static bool AllowsParallelism(string notebook)
    {
        string course = Path.Combine(RepositoryRoot.Find() ?? RepositoryRoot.FindKit() ?? ".", "course.json");
        try { return File.Exists(course) && CourseLoader.Load(course).HomeworkForNotebook(notebook)?.AllowParallelism == true; }
        catch (CourseConfigException) { return false; }
    }

    private static Command ReleaseCommand()
    {
        var output = new Option<string>("--out") { Description = "Folder for the student kit (new, empty, or a kit written before).", Required = true };
        var course = CourseOption();
        var command = new Command("release", "Build the student kit in one folder: student notebooks (solutions stubbed, hidden tests removed), the course library, the self-check tool, a README.")
        {
            output, course,
        };
        command.SetAction(parse => Guard(() =>
        {
            string coursePath = parse.GetValue(course)!;
            var config = CourseLoader.Load(coursePath);
            string root = Path.GetDirectoryName(Path.GetFullPath(coursePath))!;
            var written = Releaser.Release(config, root, parse.GetValue(output)!);
            foreach (var file in written.Where(f => f.EndsWith(".ipynb"))) Console.WriteLine($"released {file}");
            Console.WriteLine($"{written.Count} files written to {parse.GetValue(output)}");
            return ExitCodes.Graded;
        }));
        return command;
    }

    /// <summary>Turns every expected failure into one line on stderr and its exit code; never a stack trace.</summary>
    private static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (NotebookException e) { return Fail(e.Message, ExitCodes.BadInput); }
        catch (UngradableException e) { return Fail(e.Message, ExitCodes.BadInput); }
        catch (ReleaseException e) { return Fail(e.Message, ExitCodes.BadInput); }
        catch (CourseConfigException e) { return Fail(e.Message, ExitCodes.BadCourse); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files the user named: an output path that cannot be written, and the like.
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (Exception e)
        {
            return Fail($"internal error ({e.GetType().Name}): {e.Message}", ExitCodes.InternalError);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}

/// <summary>Finds the repository root (the folder with Course.sln) from the working directory upwards.</summary>
public static class RepositoryRoot
{
    public static string? Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The student kit this program runs from (or is run in): the folder with the kit's marker file.</summary>
    public static string? FindKit()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, Release.Releaser.KitMarker))) return dir.FullName;
        return null;
    }
}
