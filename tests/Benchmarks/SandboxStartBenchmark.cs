using System.Diagnostics;
using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Benchmarks;

/// <summary>
/// What the OS sandbox costs a worker at start: the time from starting the process to the reply to an empty run
/// (the runtime started, the protocol answering), with and without bubblewrap, interleaved so that machine load hits
/// both alike.
/// </summary>
public static class SandboxStartBenchmark
{
    public static int Run(int rounds)
    {
        if (!Sandbox.Enabled)
        {
            Console.WriteLine($"cannot compare: {Sandbox.Unavailable}");
            return 1;
        }
        Console.WriteLine($"worker start to first reply, {rounds} interleaved rounds, {Environment.ProcessorCount} logical CPUs" +
                          (File.Exists("/proc/loadavg") ? $", load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : ""));
        var sandboxed = new List<double>();
        var plain = new List<double>();
        Measure(); // the first start of each kind warms the page cache
        for (int i = 0; i < rounds; i++)
        {
            var (s, p) = Measure();
            sandboxed.Add(s);
            plain.Add(p);
        }
        double ms(List<double> xs) => Timing.Median(xs) * 1000;
        Console.WriteLine($"  sandboxed (bubblewrap)  median {ms(sandboxed),6:F0} ms   range {sandboxed.Min() * 1000:F0}–{sandboxed.Max() * 1000:F0} ms");
        Console.WriteLine($"  plain process           median {ms(plain),6:F0} ms   range {plain.Min() * 1000:F0}–{plain.Max() * 1000:F0} ms");
        Console.WriteLine($"  sandbox overhead        median {Timing.Median(sandboxed.Zip(plain, (a, b) => a - b).ToList()) * 1000,6:F0} ms per worker");
        return 0;
    }

    private static (double Sandboxed, double Plain) Measure()
    {
        double sandboxed = StartToReply();
        Environment.SetEnvironmentVariable("COURSE_SANDBOX", "off");
        try { return (sandboxed, StartToReply()); }
        finally { Environment.SetEnvironmentVariable("COURSE_SANDBOX", null); }
    }

    private static double StartToReply()
    {
        var clock = Stopwatch.StartNew();
        using var worker = WorkerProcess.Start();
        worker.Execute(new ExecuteRequest([], Path.GetTempPath()), TimeSpan.FromSeconds(60), _ => { });
        return clock.Elapsed.TotalSeconds;
    }
}
