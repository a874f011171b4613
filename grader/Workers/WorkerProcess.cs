using System.Diagnostics;
using System.Reflection;
using Course.Grader.Protocol;

namespace Course.Grader.Workers;

/// <summary>How a request to a worker ended when it produced no reply.</summary>
public enum WorkerFailure
{
    /// <summary>No reply before the deadline; the worker and its children were killed.</summary>
    Timeout,
    /// <summary>The worker died (a stack overflow, a fail-fast, an exit) or broke the protocol.</summary>
    Crash,
}

/// <summary>Two readings of a process's CPU time in nanoseconds (see <see cref="WorkerProcess.CpuTime"/>).</summary>
public readonly record struct CpuTime(long LiveThreadsNs, long ProcessNs)
{
    /// <summary>CPU seconds between two readings: the finer reading, unless the coarse one saw clearly more (work
    /// done on a thread that has since ended).</summary>
    public static double SecondsBetween(CpuTime before, CpuTime after)
    {
        double fine = (after.LiveThreadsNs - before.LiveThreadsNs) * 1e-9;
        double coarse = (after.ProcessNs - before.ProcessNs) * 1e-9;
        return coarse > fine + 0.02 ? coarse : fine;
    }
}

public sealed class WorkerFailedException(WorkerFailure failure, string detail) : Exception(detail)
{
    public WorkerFailure Failure { get; } = failure;
}

/// <summary>
/// One worker process: started with stdin/stdout as the request/reply channel, stderr drained into a capped buffer,
/// killed with its whole process tree on a missed deadline. Everything the worker sends is treated as untrusted
/// input: frames are size-capped and a malformed one counts as a crash.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const int StderrCap = 64 << 10;
    private readonly Process process;
    private readonly Stream requests;
    private readonly Stream replies;
    private readonly System.Text.StringBuilder stderr = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
        requests = process.StandardInput.BaseStream;
        replies = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) if (e.Data is not null && stderr.Length < StderrCap) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// The path of the worker's entry assembly: a worker shipped beside the program (the student kit's
    /// tools/check/worker) if there is one, else the path fixed when the grader was built. The shipped one comes
    /// first so that a kit tried out on the instructor's machine runs its own worker, not the repository's.
    /// </summary>
    public static string WorkerPath
    {
        get
        {
            string beside = Path.Combine(AppContext.BaseDirectory, "worker", "Course.Worker.dll");
            if (File.Exists(beside)) return beside;
            return typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "WorkerPath").Value!;
        }
    }

    /// <summary>Starts a worker in the OS sandbox (see <see cref="Sandbox"/>); <paramref name="readOnly"/> are the
    /// files and folders it may read besides its own build folder.</summary>
    /// <param name="optimizedFromTheStart">
    /// Compile every method fully optimized at its first call (no tiered compilation), for the workers whose code is
    /// timed. With tiering, when timed code is promoted depends on what else the worker has jitted: the optimizers
    /// master's SGD step, one TensorPrimitives call per parameter, was timed at 2× the reference in one grading and
    /// 12–25× in the next; without it the spreads of seven rounds narrow to a few per cent. Not for the worker whose
    /// failures are reported: optimized frames can name the line before the one that threw, and a self-recursive
    /// method may become a loop instead of a stack overflow.
    /// </param>
    public static WorkerProcess Start(IEnumerable<string>? readOnly = null, bool optimizedFromTheStart = false)
    {
        if (!File.Exists(WorkerPath))
            throw new FileNotFoundException($"The worker is not built at {WorkerPath}; run `dotnet build` in the repository root.");
        var environment = new Dictionary<string, string>
        {
            // No diagnostics port: nothing may attach to or inspect the worker.
            ["DOTNET_EnableDiagnostics"] = "0",
            ["DOTNET_gcServer"] = "0",
            // Layers return fresh tensors of a few hundred kilobytes each call. By default every such array goes to
            // the large-object heap, which is only collected with gen 2: the timings would measure the GC, not the
            // code. Both workers run with the same settings, so the comparison stays fair.
            ["DOTNET_GCLOHThreshold"] = "0x2000000",
            ["DOTNET_GCgen0size"] = "0x8000000",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (optimizedFromTheStart) environment["DOTNET_TieredCompilation"] = "0";
        var start = Sandbox.Start(WorkerPath, environment, readOnly ?? []);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new WorkerProcess(ProcessSpawner.Start(start) ?? throw new InvalidOperationException("could not start the worker"));
    }

    public bool HasExited => process.HasExited;

    public string DebugExit() => $"exit {process.ExitCode}, stderr: {Stderr}";

    public string Stderr { get { lock (stderr) return stderr.ToString(); } }

    public LoadResult Load(LoadRequest request, TimeSpan deadline) =>
        Exchange(MessageType.Load, Codec.Encode(w => Codec.Write(w, request)), MessageType.LoadResult, Codec.ReadLoadResult, deadline);

    public CallResult Call(CallRequest request, TimeSpan deadline) =>
        Exchange(MessageType.Call, Codec.Encode(w => Codec.Write(w, request)), MessageType.CallResult, Codec.ReadCallResult, deadline);

    /// <summary>
    /// Runs cells top to bottom; <paramref name="onCell"/> sees each cell's outputs as it finishes. A cell that takes
    /// longer than <paramref name="cellDeadline"/> kills the worker: the cells after it are not run.
    /// </summary>
    public void Execute(ExecuteRequest request, TimeSpan cellDeadline, Action<CellOutput> onCell)
    {
        Send(MessageType.Execute, Codec.Encode(w => Codec.Write(w, request)), cellDeadline);
        while (true)
        {
            var (type, payload) = Receive(cellDeadline, "a cell ran longer than");
            if (type == MessageType.ExecuteDone) return;
            onCell(Decode(type, payload, MessageType.CellOutput, Codec.ReadCellOutput));
        }
    }

    private T Exchange<T>(MessageType type, byte[] payload, MessageType replyType, Func<BinaryReader, T> decode, TimeSpan deadline)
    {
        Send(type, payload, deadline);
        var (gotType, reply) = Receive(deadline, "no reply within");
        return Decode(gotType, reply, replyType, decode);
    }

    // Every way the worker can fail to answer — death, silence, a broken or oversized frame — ends the same way:
    // the worker is killed and a WorkerFailedException says why. Nothing from the pipe can throw past here.

    private void Send(MessageType type, byte[] payload, TimeSpan deadline)
    {
        if (process.HasExited) throw new WorkerFailedException(WorkerFailure.Crash, ExitDescription());
        Await(Task.Run(() => { Frames.Write(requests, type, payload); return 0; }), deadline, "the worker did not take a request within");
    }

    private (MessageType, byte[]) Receive(TimeSpan deadline, string timeoutText)
    {
        var frame = Await(Task.Run(() => Frames.Read(replies)), deadline, timeoutText);
        if (frame is null) Fail(WorkerFailure.Crash, ExitDescription());
        return frame!.Value;
    }

    private T Decode<T>(MessageType type, byte[] payload, MessageType expected, Func<BinaryReader, T> decode)
    {
        if (type != expected) Fail(WorkerFailure.Crash, $"protocol violation: {type} instead of {expected}");
        try { return Codec.Decode(payload, decode); }
        catch (ProtocolException e) { Fail(WorkerFailure.Crash, $"protocol violation: {e.Message}"); throw; }
    }

    private T Await<T>(Task<T> task, TimeSpan deadline, string timeoutText)
    {
        bool finished;
        try { finished = task.Wait(deadline); }
        catch (AggregateException) { finished = true; }
        if (!finished) Fail(WorkerFailure.Timeout, $"{timeoutText} {deadline.TotalSeconds:0.#} s");
        if (task.IsFaulted)
            Fail(WorkerFailure.Crash, task.Exception?.InnerException is ProtocolException p ? $"protocol violation: {p.Message}" : ExitDescription());
        return task.Result;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(WorkerFailure failure, string message)
    {
        killedByGrader = true;
        Kill();
        throw new WorkerFailedException(failure, message);
    }

    private bool killedByGrader;

    private string ExitDescription()
    {
        if (!process.WaitForExit(2000)) return "the worker stopped answering";
        int code = process.ExitCode;
        string err = Stderr;
        // For the instructor's eyes only (the grader's own stderr, never a student's feedback).
        if (Environment.GetEnvironmentVariable("COURSE_WORKER_DEBUG") is "1") Console.Error.WriteLine($"[worker stderr, exit {code}]\n{err}");
        // The runtime prints this before it aborts on a stack overflow (exit 134, SIGABRT).
        if (err.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)) return $"the worker crashed with a stack overflow (exit code {code})";
        // ... and this when memory ran out where no OutOfMemoryException could be thrown (the heap limit reached inside
        // the runtime or the grader's own plumbing, e.g. while sending a huge answer back).
        if (err.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)) return $"the worker ran out of memory (exit code {code})";
        return code switch
        {
            134 => "the worker aborted (exit code 134: a fail-fast or a crash in the runtime)",
            137 when killedByGrader => "the worker was stopped by the grader",
            137 => "the worker was killed (exit code 137: out of memory or killed)",
            _ => $"the worker exited with code {code} before replying",
        };
    }

    /// <summary>
    /// CPU time the worker has consumed, read from the kernel: unlike wall time it does not grow while another
    /// process holds the CPU, so timings survive a busy machine. Two readings, because neither suffices alone:
    /// the sum of the live threads' schedstat (nanoseconds, but a thread that has ended takes its time with it) and
    /// the process's utime + stime from /proc/PID/stat (includes ended threads, but in 10 ms ticks). Null where the
    /// kernel provides neither.
    /// </summary>
    public CpuTime? CpuTime()
    {
        try
        {
            long threads = 0;
            int pid = RuntimePid();
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try { threads += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0]); }
                catch (IOException) { } // a thread that ended while we looked
            }
            // Fields 14 and 15 of /proc/PID/stat, counted after the ")" that closes the command name.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return new CpuTime(threads, ticks * 10_000_000);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return null; }
    }

    private int runtimePid;

    /// <summary>
    /// The process that runs .NET: the worker itself, or, in the sandbox, the first <c>dotnet</c> below bubblewrap
    /// (bwrap → its init in the new PID namespace → setpriv and prlimit, which exec into dotnet). Found by the
    /// grader from /proc, never told by the worker.
    /// </summary>
    private int RuntimePid()
    {
        if (runtimePid != 0) return runtimePid;
        foreach (int pid in Tree())
            if (File.ReadAllText($"/proc/{pid}/comm").Trim() == "dotnet") return runtimePid = pid;
        throw new IOException($"no dotnet process below the worker {process.Id}");
    }

    /// <summary>The worker and every process below it, parents first, from /proc (empty once it has gone).</summary>
    private List<int> Tree()
    {
        var found = new List<int>();
        var queue = new Queue<int>([process.Id]);
        while (queue.Count > 0)
        {
            int pid = queue.Dequeue();
            found.Add(pid);
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    foreach (string child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        queue.Enqueue(int.Parse(child));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // it ended while we looked
        }
        return found;
    }

    /// <summary>
    /// Stops every process of the worker until the returned handle is disposed, so that nothing it runs — a thread
    /// a student left spinning, the runtime's own background work — competes with the other worker while that one
    /// is timed.
    /// </summary>
    public IDisposable Frozen()
    {
        var pids = Tree();
        foreach (int pid in pids) Signals.Send(pid, Signals.Stop);
        return new Thaw(pids);
    }

    private sealed class Thaw(List<int> pids) : IDisposable
    {
        public void Dispose() { foreach (int pid in pids) Signals.Send(pid, Signals.Continue); }
    }

    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
    }

    /// <summary>Kills the worker and everything it started: closing its stdin first would let it exit and orphan
    /// its children, which the tree kill could then no longer find.</summary>
    public void Dispose()
    {
        Kill();
        try { requests.Dispose(); } catch (IOException) { }
        process.Dispose();
    }
}
