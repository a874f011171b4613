using Course.Grader.Cli;

return Commands.StudentRoot().Parse(args).Invoke();
