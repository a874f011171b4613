using System.Diagnostics;

namespace Course.Tests.Notebooks;

/// <summary>
/// Debian's python3-nbformat, the official notebook library, as a real client: it writes notebooks the way Jupyter
/// does and validates the ones the framework writes.
/// </summary>
public static class Nbformat
{
    /// <summary>Runs a Python script with arguments; returns stdout, fails the test on a non-zero exit.</summary>
    public static string Python(string script, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (stderr.Result.Contains("No module named 'nbformat'"))
            Assert.Fail("Debian's python3-nbformat is not installed; run the tests with `bash tests/run.sh`, which installs it.");
        Assert.That(process.ExitCode, Is.Zero, stderr.Result);
        return stdout;
    }

    /// <summary>nbformat's own validator's verdict: null when valid, else its message.</summary>
    public static string? Problem(string path) =>
        Python("""
               import sys, nbformat
               try:
                   nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))
                   print("valid")
               except Exception as e:
                   print(type(e).__name__, str(e).splitlines()[0] if str(e) else "")
               """, path).Trim() is var verdict && verdict == "valid" ? null : verdict;

    public static void AssertValid(string path) => Assert.That(Problem(path), Is.Null, $"{path} fails nbformat's validator");
}
