using System.CommandLine;
using Course.Grader.Cli;

return Commands.Root().Parse(args).Invoke();
