using System.Diagnostics;
using System.Text.Json;
using Course.Grader.Protocol;
using Course.Tests.Fixtures;

namespace Course.Tests.Oracle;

/// <summary>
/// PyTorch, out of process: the grader's own <see cref="CallRequest"/>s go to <c>torch_oracle.py</c> as a JSON
/// file, and the outputs torch computes come back as another, in the order the reference returns its own. The
/// .NET side never loads torch (TorchSharp's native library does not load on Debian 12).
/// </summary>
public static class TorchOracle
{
    /// <summary>Debian's interpreter: python3-torch is installed for it, not for a python3 found first on PATH.</summary>
    private const string Python = "/usr/bin/python3";

    public static string Script => Repo.Path("tests", "Course.Tests", "Oracle", "torch_oracle.py");

    /// <summary>What torch computed for one call, or why it could not.</summary>
    public sealed record Answer(IReadOnlyList<WireTensor> Outputs, string? Error);

    /// <summary>Runs every call in one Python process (importing torch takes a second; a call takes microseconds).</summary>
    public static (string TorchVersion, Dictionary<string, Answer> Answers) Run(IReadOnlyList<(string Id, CallRequest Call)> calls)
    {
        string directory = Directory.CreateTempSubdirectory("torch-oracle-").FullName;
        try
        {
            string request = Path.Combine(directory, "request.json"), result = Path.Combine(directory, "result.json");
            using (var stream = File.Create(request))
                OracleJson.WriteCalls(stream, calls);

            var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { Script, request, result }) start.ArgumentList.Add(arg);
            start.Environment["OMP_NUM_THREADS"] = "1";
            start.Environment["OPENBLAS_NUM_THREADS"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (stderr.Result.Contains("No module named 'torch'"))
                Assert.Fail("Debian's python3-torch is not installed for /usr/bin/python3; run the tests with `bash tests/run.sh`, " +
                            "which installs it (apt-get install python3-torch libopenblas0-pthread).");
            Assert.That(process.ExitCode, Is.Zero, $"{Script} failed:\n{stderr.Result}");

            using var document = JsonDocument.Parse(File.ReadAllBytes(result));
            var answers = new Dictionary<string, Answer>();
            foreach (var item in document.RootElement.GetProperty("results").EnumerateArray())
                answers[item.GetProperty("id").GetString()!] = item.TryGetProperty("error", out var error)
                    ? new Answer([], error.GetString())
                    : new Answer(item.GetProperty("outputs").EnumerateArray().Select(OracleJson.ReadTensor).ToList(), null);
            return (document.RootElement.GetProperty("torch").GetString()!, answers);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
