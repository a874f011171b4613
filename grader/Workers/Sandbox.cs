using System.Diagnostics;

namespace Course.Grader.Workers;

/// <summary>
/// The OS sandbox every worker runs in: bubblewrap, after the recipe in shared/notes/sandbox.md §4 but with bwrap run
/// unprivileged in a user namespace (and --disable-userns), because the recipe's namespace-less bwrap left `unshare -U`
/// open to the code inside (OsSandboxTests proves it shut). The worker
/// sees a minimal read-only root (/usr and the dynamic linker's cache), its own build folder and the paths it is
/// given (the reference assembly, a notebook's folder), read-only and at the same paths as outside, plus a private
/// size-capped /tmp. No network, no other processes, no capabilities, an unprivileged uid of its own, no new
/// privileges, and limits on processes, open files and address space; the GC heap is capped below that. Files can
/// only be written to /tmp, whose size is capped. (No RLIMIT_FSIZE: the runtime's write-xor-execute JIT maps code
/// through a memory file far larger than any file limit worth setting, and dies "Out of memory" under one.)
/// Where bubblewrap is missing (or COURSE_SANDBOX=off) the worker runs as a plain process, and the grader says so
/// loudly on stderr.
/// </summary>
public static class Sandbox
{
    /// <summary>The managed heap's hard limit: an allocation beyond it is a catchable OutOfMemoryException.</summary>
    public const long HeapLimitBytes = 1L << 30;

    /// <summary>The address-space backstop for native allocations; .NET 10 does not start below about 1.5 GB, and a
    /// worker that runs a whole notebook with Plotly charts peaks at about 3.0–3.1 GB (Roslyn, F#, the W^X double
    /// mapping of JIT code): under 3 GB it failed to map an assembly about one run in two.</summary>
    public const long AddressSpaceBytes = 4L << 30;

    public const int MaxProcesses = 256;
    public const int MaxOpenFiles = 1024;
    public const long TmpBytes = 64L << 20;

    private const string Bwrap = "/usr/bin/bwrap";
    private static int nextSlot;
    private static int warned;

    /// <summary>Why workers are not sandboxed on this machine, or null when they are.</summary>
    public static string? Unavailable =>
        Environment.GetEnvironmentVariable("COURSE_SANDBOX") is "off"
            ? "COURSE_SANDBOX=off: student code runs WITHOUT the OS sandbox (no filesystem, network or process isolation)"
            : !File.Exists(Bwrap)
                ? "bubblewrap (bwrap) is not installed: student code runs WITHOUT the OS sandbox; install it with `apt-get install bubblewrap` (tests/run.sh does)"
                : null;

    public static bool Enabled => Unavailable is null;

    /// <summary>
    /// How to start <c>dotnet <paramref name="workerDll"/></c>: inside the sandbox, with <paramref name="readOnly"/>
    /// visible; or plainly, with a warning printed once per grader process.
    /// </summary>
    public static ProcessStartInfo Start(string workerDll, IReadOnlyDictionary<string, string> environment, IEnumerable<string> readOnly)
    {
        if (Unavailable is { } why)
        {
            if (Interlocked.Exchange(ref warned, 1) == 0) Console.Error.WriteLine($"WARNING: {why}");
            var plain = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath() };
            plain.ArgumentList.Add(workerDll);
            foreach (var (key, value) in environment) plain.Environment[key] = value;
            return plain;
        }

        // As root, first become the slot's unprivileged uid (no groups, no capabilities, no new privileges), then
        // let bubblewrap build the sandbox from there with a user namespace, as any user may. bwrap itself run as
        // root would keep every capability unless told otherwise, and a user namespace it made would map the
        // sandbox to root outside. --disable-userns stops code inside from making namespaces of its own.
        bool root = Environment.IsPrivilegedProcess;
        int uid = 61000 + Interlocked.Increment(ref nextSlot) % 4000;
        var start = new ProcessStartInfo(root ? "/usr/bin/setpriv" : Bwrap) { WorkingDirectory = "/" };
        var args = start.ArgumentList;
        void Add(params string[] items) { foreach (var item in items) args.Add(item); }

        if (root)
            Add($"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--", Bwrap);
        Add("--unshare-user", "--disable-userns", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--cap-drop", "ALL");

        Add("--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin");
        if (File.Exists("/etc/ld.so.cache")) Add("--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache");
        Add("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", TmpBytes.ToString(), "--tmpfs", "/tmp");

        // Each path at its own place, so paths in requests (a notebook's folder, #load files) mean the same inside;
        // the folders above it are created traversable and empty.
        string host = DotnetHost();
        var visible = readOnly.Prepend(Path.GetDirectoryName(Path.GetFullPath(workerDll))!);
        if (!host.StartsWith("/usr/", StringComparison.Ordinal)) visible = visible.Prepend(Path.GetDirectoryName(host)!);
        var made = new HashSet<string>(StringComparer.Ordinal) { "/", "/tmp", "/usr" };
        foreach (string path in visible.Select(Path.GetFullPath).Distinct())
        {
            if (!File.Exists(path) && !Directory.Exists(path)) continue;
            var parents = new List<string>();
            for (string? p = Path.GetDirectoryName(path); p is not null && made.Add(p); p = Path.GetDirectoryName(p)) parents.Add(p);
            parents.Reverse();
            foreach (string parent in parents) Add("--perms", "0755", "--dir", parent);
            Add("--ro-bind", path, path);
        }

        Add("--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
            "--setenv", "DOTNET_GCHeapHardLimit", $"0x{HeapLimitBytes:x}");
        foreach (var (key, value) in environment) Add("--setenv", key, value);
        Add("--chdir", "/tmp", "--");

        Add("/usr/bin/prlimit", $"--nproc={MaxProcesses}", $"--nofile={MaxOpenFiles}", "--core=0",
            $"--as={AddressSpaceBytes}", "--", host, workerDll);
        return start;
    }

    /// <summary>The dotnet host itself (the sandbox has no PATH lookup through the grader's environment).</summary>
    private static string DotnetHost()
    {
        string? fromRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } r ? Path.Combine(r, "dotnet") : null;
        string? onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists);
        string found = fromRoot is not null && File.Exists(fromRoot) ? fromRoot : onPath ?? "/usr/share/dotnet/dotnet";
        return new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? found;
    }
}
