using System.CommandLine;
using Course.Grader.Configuration;
using Course.Grader.Notebooks;
using Course.Grader.Release;

namespace Course.Grader.Cli;

public static partial class Commands
{
    /// <summary>
    /// <c>author MASTER.ipynb [--write]</c>: lists, one per line with cell and line, everything in a master notebook
    /// that would break its release or its grading; <c>--write</c> repairs what can be repaired and saves in place.
    /// Exit 0 when clean, 2 when problems remain.
    /// </summary>
    private static Command Author()
    {
        var notebook = new Argument<string>("master") { Description = "The master .ipynb notebook (with solutions and hidden tests)." };
        var write = new Option<bool>("--write") { Description = "Repair what can be repaired (marker lines, metadata, cell ids, locked checksums) and save the notebook in place." };
        var course = CourseOption();
        var command = new Command("author", "Check a master notebook for what would break release or grading: regions, unit and locked cells, ids, checksums, course.json units.")
        {
            notebook, write, course,
        };
        command.SetAction(parse => Guard(() =>
        {
            string path = parse.GetValue(notebook)!;
            var master = Notebook.Load(path);
            // The homework that lists this notebook, when there is a course.json (a draft master outside the
            // repository may belong to none); a --course given by name must exist.
            string coursePath = parse.GetValue(course)!;
            bool named = parse.GetResult(course) is { Implicit: false };
            var homework = named || File.Exists(coursePath) ? CourseLoader.Load(coursePath).HomeworkForNotebook(path) : null;
            if (parse.GetValue(write))
            {
                var changes = MasterRepair.Apply(master);
                foreach (var change in changes) Console.WriteLine($"repaired {change}");
                if (changes.Count > 0) master.Save(path);
            }
            var problems = MasterCheck.Run(master, homework);
            foreach (var problem in problems)
                Console.Error.WriteLine(problem + (problem.Repairable ? " (author --write repairs this)" : ""));
            if (problems.Count == 0)
            {
                Console.WriteLine($"{path}: ready to release" + (homework is null ? " (no homework in course.json lists it, so its units were not compared)" : $" (homework \"{homework.Id}\")"));
                return ExitCodes.Graded;
            }
            Console.Error.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {path}");
            return ExitCodes.BadInput;
        }));
        return command;
    }
}
