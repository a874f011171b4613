using System.CommandLine;
using Course.Grader.Checks.Public;
using Course.Grader.Configuration;
using Spectre.Console;

namespace Course.Grader.Cli;

public static partial class Commands
{
    /// <summary>Exit code of <c>check</c> when some unit fails a public check or is not implemented yet.</summary>
    public const int ChecksNotAllPassed = 1;

    public static Command Check()
    {
        var notebook = new Argument<string>("notebook") { Description = "Your notebook (.ipynb, or a .dib of the same name)." };
        var assignment = new Option<string?>("--assignment") { Description = "The homework id in course.json (default: the homework that lists a notebook of this name)." };
        var units = new Option<string[]>("--unit") { Description = "Check only these units (repeatable).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one call into your code may take.", DefaultValueFactory = _ => 10 };
        var course = CourseOption();
        var command = new Command("check",
            "Run the public checks of your notebook (shapes, finite values, your own gradient checks) without the hidden reference, with hints. " +
            "Exit code 0: every check passes; 1: some fail or are not implemented; 2: the notebook cannot be read.")
        {
            notebook, assignment, units, timeout, course,
        };
        command.SetAction(parse => Guard(() =>
        {
            var config = CourseLoader.Load(parse.GetValue(course)!);
            var console = AnsiConsole.Console;
            var only = parse.GetValue(units) is { Length: > 0 } u ? u : null;
            var options = new SelfCheckOptions(parse.GetValue(notebook)!, parse.GetValue(assignment), only, parse.GetValue(timeout));
            SelfCheckReport report = null!;
            console.Status().Start("Checking…", ctx => report = SelfCheckRun.Run(options, config, step => ctx.Status($"Checking: {step}")));
            SelfCheckConsole.Write(report, console);
            return report.AllPass ? ExitCodes.Graded : ChecksNotAllPassed;
        }));
        return command;
    }
}
