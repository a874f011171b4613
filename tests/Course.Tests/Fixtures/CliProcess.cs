using System.Diagnostics;

namespace Course.Tests.Fixtures;

/// <summary>A built program of ours run as a real process, as a user runs it, with its exit code and both streams.</summary>
public static class CliProcess
{
    /// <summary>The grader CLI this test run was built with.</summary>
    public static string Grader => Path.Combine(AppContext.BaseDirectory, "Course.Grader.dll");

    /// <summary>
    /// Runs <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/> (which
    /// decides whether the repository's course.json is found), with a wide console so tables are not wrapped.
    /// </summary>
    public static (int Code, string Stdout, string Stderr) Dotnet(string dll, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "200";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(300_000), $"{Path.GetFileName(dll)} {string.Join(' ', args)} finished");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
