using System.Runtime.InteropServices;

namespace Course.TorchBenchmarks;

/// <summary>The machine the numbers belong to, as the results file states it.</summary>
internal static class MachineInfo
{
    public static string Cpu => ProcCpuInfo("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    public static string CpuFamily => $"family {ProcCpuInfo("cpu family") ?? "?"} model {ProcCpuInfo("model") ?? "?"}";

    public static int Cores => Environment.ProcessorCount;

    public static string OperatingSystem
    {
        get
        {
            string? pretty = File.Exists("/etc/os-release")
                ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME="))?.Split('=', 2)[1].Trim('"')
                : null;
            return pretty is null ? RuntimeInformation.OSDescription : $"{pretty}, kernel {Environment.OSVersion.Version}";
        }
    }

    public static string DotNet => RuntimeInformation.FrameworkDescription;

    /// <summary>The one-minute load average: other work on a two-core machine skews every number, so the file says how much there was.</summary>
    public static string LoadAverage => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string? ProcCpuInfo(string key) =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() == key)?[1].Trim()
            : null;
}
