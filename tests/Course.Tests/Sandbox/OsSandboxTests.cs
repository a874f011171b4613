using System.Diagnostics;
using Course.Grader.Workers;
using Course.Tests.Fixtures;
using Course.Tests.Notebooks;

namespace Course.Tests.Sandbox;

/// <summary>
/// The OS sandbox, seen from inside: each cell is something a student might try (the adversarial cases of
/// shared/notes/sandbox.md §9, with the static gate switched off, as only tests can, so the cells run as written), and each
/// assertion is what the sandbox must make of it. One notebook, one worker, so the whole tour costs one start.
/// </summary>
[NonParallelizable]
public class OsSandboxTests
{
    private static string Text(RunNotebooksReport report, int cell) =>
        report.Report.Cell(cell).Displays.SingleOrDefault()?["text/plain"] ?? report.Report.Cell(cell).Error?.Message ?? "";

    private sealed record RunNotebooksReport(Course.Grader.Pipeline.RunReport Report);

    private static RunNotebooksReport tour = null!;
    private static readonly string Daemon = $"sleep {2000 + Random.Shared.Next(5000)}";

    [OneTimeSetUp]
    public void RunTheTour()
    {
        Assume.That(Course.Grader.Workers.Sandbox.Enabled, "bubblewrap is installed by tests/run.sh; these tests need it");
        string reference = Path.Combine(AppContext.BaseDirectory, "Course.Reference.dll");
        Assert.That(File.Exists(reference), "the reference assembly the student must not see exists outside");
        // Ungated: the static gate would stop every one of these before it ran; here the sandbox has to.
        tour = new(RunNotebooks.RunUngated(
            /* 1 S01 */ $"System.IO.File.Exists(\"{reference}\") || System.IO.File.Exists(\"{Repo.Path("reference", "Layers", "Linear.cs")}\")",
            /* 2 S02 */ "string.Join(\",\", System.IO.Directory.GetDirectories(\"/\").OrderBy(d => d))",
            /* 3 uid */ "string.Join(\";\", System.IO.File.ReadAllLines(\"/proc/self/status\").Where(l => l.StartsWith(\"Uid:\") || l.StartsWith(\"CapEff:\") || l.StartsWith(\"NoNewPrivs:\")).Select(l => string.Join(\" \", l.Split((char[])null!, StringSplitOptions.RemoveEmptyEntries))))",
            /* 4 S10 */ "var info = new System.Diagnostics.ProcessStartInfo(\"/bin/sh\") { RedirectStandardOutput = true }; info.ArgumentList.Add(\"-c\"); info.ArgumentList.Add(\"cat /etc/shadow /etc/passwd 2>&1; echo done\"); System.Diagnostics.Process.Start(info)!.StandardOutput.ReadToEnd()",
            /* 5 S11 */ "string Connect() { try { new System.Net.Sockets.TcpClient().Connect(\"1.1.1.1\", 80); return \"connected\"; } catch (Exception e) { return e.GetType().Name + \": \" + e.Message; } }\nConnect()",
            /* 6 S30 */ "string.Join(\",\", Environment.GetEnvironmentVariables().Keys.Cast<string>().OrderBy(k => k))",
            /* 7 S07 */ "string Hoard() { var hoard = new List<double[]>(); try { while (true) hoard.Add(new double[1 << 24]); } catch (OutOfMemoryException) { var n = hoard.Count; hoard.Clear(); return $\"OOM after {n} arrays\"; } }\nHoard()",
            /* 8 S32 */ "string Fill() { try { using var f = System.IO.File.Create(\"/tmp/fill\"); var block = new byte[1 << 20]; for (int i = 0; i < 1000; i++) f.Write(block); return \"filled\"; } catch (System.IO.IOException e) { return \"IOException: \" + e.Message; } }\nFill()",
            /* 9 S29 */ $"var d = new System.Diagnostics.ProcessStartInfo(\"/bin/sh\"); d.ArgumentList.Add(\"-c\"); d.ArgumentList.Add(\"setsid {Daemon} &\"); System.Diagnostics.Process.Start(d)!.WaitForExit(); \"daemon started\"",
            /* 10 S09 */ "string Bomb() { var threads = new List<System.Threading.Thread>(); try { for (int i = 0; i < 5000; i++) { var t = new System.Threading.Thread(() => System.Threading.Thread.Sleep(-1)) { IsBackground = true }; t.Start(); threads.Add(t); } return \"5000 threads\"; } catch (Exception e) { return $\"{e.GetType().Name} after {threads.Count} threads\"; } }\nBomb()",
            /* 11 S08 */ "string Native() { try { var p = System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)(4L << 30)); return \"allocated\"; } catch (OutOfMemoryException) { return \"OutOfMemoryException\"; } }\nNative()",
            /* 12 S32 */ "string Files() { var open = new List<System.IO.FileStream>(); try { for (int i = 0; i < 100_000; i++) open.Add(System.IO.File.Create($\"/tmp/f{i}\")); return \"100000 files\"; } catch (System.IO.IOException e) { var n = open.Count; open.ForEach(f => f.Dispose()); return $\"IOException after {n} files: {e.Message}\"; } }\nFiles()"));
    }

    [Test]
    public void The_grader_files_are_not_there() => Assert.That(Text(tour, 1), Is.EqualTo("False"));

    [Test]
    public void The_root_holds_only_the_minimal_system_and_the_notebook_and_worker_folders()
    {
        var top = Text(tour, 2).Split(',').Select(Path.GetFileName).ToList();
        Assert.That(top, Is.SubsetOf(new[] { "bin", "dev", "etc", "lib", "lib64", "proc", "tmp", "usr" }.Concat(TopOfPaths())));
        Assert.That(top, Does.Not.Contain("home").And.Not.Contain("var").And.Not.Contain("root"));
    }

    /// <summary>The first folder of the worker's and the notebook's paths, which are bound at their own places.</summary>
    private static IEnumerable<string> TopOfPaths() =>
        new[] { WorkerProcess.WorkerPath, Path.GetTempPath() }.Select(p => Path.GetFullPath(p).Split('/', StringSplitOptions.RemoveEmptyEntries)[0]);

    [Test]
    public void Student_code_runs_as_an_unprivileged_user_without_capabilities_or_new_privileges()
    {
        string status = Text(tour, 3);
        var uid = status.Split(';').Single(s => s.StartsWith("Uid:")).Split(' ')[1];
        Assert.That(int.Parse(uid), Is.GreaterThan(0), status);
        Assert.That(status, Does.Contain("CapEff: 0000000000000000").And.Contain("NoNewPrivs: 1"));
    }

    [Test]
    public void A_shell_it_starts_sees_no_password_files()
    {
        string output = Text(tour, 4);
        Assert.That(output, Does.Contain("done"));
        Assert.That(output, Does.Not.Contain("root:"));
        foreach (string file in new[] { "/etc/shadow", "/etc/passwd" })
            Assert.That(output, Does.Contain($"{file}: No such file").Or.Contain($"{file}: Permission denied"));
    }

    [Test]
    public void There_is_no_network() => Assert.That(Text(tour, 5), Does.StartWith("SocketException").And.Contain("unreachable"));

    [Test]
    public void The_environment_is_the_minimal_one_the_grader_sets()
    {
        var keys = Text(tour, 6).Split(',');
        Assert.That(keys, Is.SubsetOf(new[] { "PATH", "HOME", "TMPDIR", "PWD" }.Concat(keys.Where(k => k.StartsWith("DOTNET_")))));
        Assert.That(keys, Does.Contain("DOTNET_GCHeapHardLimit"));
    }

    [Test]
    public void Memory_is_capped_with_a_catchable_out_of_memory()
    {
        string text = Text(tour, 7);
        Assert.That(text, Does.StartWith("OOM after"));
        int arrays = int.Parse(text.Split(' ')[2]);
        Assert.That(arrays * 128L << 20, Is.LessThanOrEqualTo(Course.Grader.Workers.Sandbox.HeapLimitBytes), "stopped at the heap limit");
    }

    [Test]
    public void Tmp_is_private_and_capped() =>
        Assert.That(Text(tour, 8), Does.StartWith("IOException").And.Contain("No space left"));

    [Test]
    public void A_thread_bomb_hits_the_process_limit_and_costs_only_its_cell()
    {
        string text = Text(tour, 10);
        var error = tour.Report.Cell(10).Error;
        Assert.That(error is not null || text.Contains("after"), $"the bomb was stopped: {text}");
        Assert.That(text, Does.Not.StartWith("5000 threads"));
    }

    [Test]
    public void A_daemon_started_with_setsid_dies_with_the_sandbox()
    {
        Assert.That(Text(tour, 9), Is.EqualTo("daemon started"));
        Thread.Sleep(300);
        var survivors = Process.GetProcesses().Where(p =>
        {
            try { return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(Daemon.Replace(" ", "\0")); }
            catch (IOException) { return false; }
        }).ToList();
        Assert.That(survivors, Is.Empty);
    }

    [Test]
    public void Without_the_sandbox_the_grader_says_so_loudly_and_still_runs()
    {
        string notebook = RunNotebooks.Write(RunNotebooks.NewFolder(), "6 * 7");
        var (code, stdout, stderr) = Course.Tests.Release.Kits.Dotnet(Path.Combine(AppContext.BaseDirectory, "Course.Grader.dll"),
            new Dictionary<string, string> { ["COURSE_SANDBOX"] = "off" }, "run", notebook);
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stderr, Does.StartWith("WARNING: COURSE_SANDBOX=off: student code runs WITHOUT the OS sandbox"));
        Assert.That(stdout, Does.Contain("1 cells run, 0 with errors"));
    }

    [Test]
    public void A_symlink_in_tmp_to_a_host_path_leads_nowhere_and_namespaces_cannot_be_remade()
    {
        string secret = Repo.Path("reference", "Layers", "Linear.cs");
        var report = RunNotebooks.RunUngated(
            /* S28 */ $"System.IO.File.CreateSymbolicLink(\"/tmp/ref\", \"{secret}\"); string Read() {{ try {{ return System.IO.File.ReadAllText(\"/tmp/ref\"); }} catch (Exception e) {{ return e.GetType().Name; }} }}\nRead()",
            /* S33 */ "string Sh(string c) { var i = new System.Diagnostics.ProcessStartInfo(\"/bin/sh\") { RedirectStandardOutput = true, RedirectStandardError = true }; i.ArgumentList.Add(\"-c\"); i.ArgumentList.Add(c); var p = System.Diagnostics.Process.Start(i)!; var o = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd(); p.WaitForExit(); return $\"{p.ExitCode}|{o.Trim()}\"; }\nSh(\"unshare -U -r id\") + \" ;; \" + Sh(\"mount -t tmpfs none /tmp\")");
        Assert.That(report.Cell(1).Displays.Single()["text/plain"], Is.EqualTo("FileNotFoundException"));
        string namespaces = report.Cell(2).Displays.Single()["text/plain"]!;
        var (userns, mount) = (namespaces.Split(" ;; ")[0], namespaces.Split(" ;; ")[1]);
        Assert.That(userns, Does.Not.StartWith("0|"), "no new user namespace");
        Assert.That(mount, Does.Not.StartWith("0|"), "no mounting");
    }

    [Test]
    public void Native_memory_beyond_the_address_space_limit_is_an_out_of_memory() =>
        Assert.That(Text(tour, 11), Is.EqualTo("OutOfMemoryException"));

    [Test]
    public void Open_files_are_capped() =>
        Assert.That(Text(tour, 12), Does.StartWith("IOException after").And.Contain("Too many open files"));
}
