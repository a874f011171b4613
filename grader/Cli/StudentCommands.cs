using System.CommandLine;

namespace Course.Grader.Cli;

public static partial class Commands
{
    /// <summary>
    /// The commands shipped to students in the kit's self-check (grader/SelfCheck): nothing that needs the
    /// reference or the master notebooks.
    /// </summary>
    public static RootCommand StudentRoot()
    {
        var root = new RootCommand("Checks your homework notebook locally: runs it, and self-checks its graded classes (without the hidden reference).");
        root.Subcommands.Add(Check());
        root.Subcommands.Add(Run());
        return root;
    }
}
