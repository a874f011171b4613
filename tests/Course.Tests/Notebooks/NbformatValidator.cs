using System.Diagnostics;

namespace Course.Tests.Notebooks;

/// <summary>The official nbformat validator (Debian's python3-nbformat, installed by tests/run.sh), run on a file.</summary>
public static class NbformatValidator
{
    public static void AssertValid(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)); print('valid')");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (stderr.Result.Contains("No module named 'nbformat'"))
            Assert.Fail("Debian's python3-nbformat is not installed; run the tests with `bash tests/run.sh`, which installs it.");
        Assert.That(stdout.Trim(), Is.EqualTo("valid"), $"{path}: {stderr.Result}");
    }
}
