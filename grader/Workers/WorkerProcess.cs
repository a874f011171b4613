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

    /// <summary>The path of the worker's entry assembly, fixed when the grader was built.</summary>
    public static string WorkerPath =>
        typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "WorkerPath").Value!;

    public static WorkerProcess Start()
    {
        if (!File.Exists(WorkerPath))
            throw new FileNotFoundException($"The worker is not built at {WorkerPath}; run `dotnet build` in the repository root.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(WorkerPath);
        // No diagnostics port: nothing may attach to or inspect the worker.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_gcServer"] = "0";
        // Layers return fresh tensors of a few hundred kilobytes each call. By default every such array goes to the
        // large-object heap, which is only collected with gen 2: the timings would measure the GC, not the code.
        // Both workers run with the same settings, so the comparison stays fair.
        start.Environment["DOTNET_GCLOHThreshold"] = "0x2000000";
        start.Environment["DOTNET_GCgen0size"] = "0x8000000";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the worker"));
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

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
        Frames.Write(requests, MessageType.Execute, Codec.Encode(w => Codec.Write(w, request)));
        while (true)
        {
            var next = Task.Run(() => Frames.Read(replies));
            bool finished;
            try { finished = next.Wait(cellDeadline); }
            catch (AggregateException) { finished = true; }
            if (!finished)
            {
                Kill();
                throw new WorkerFailedException(WorkerFailure.Timeout, $"a cell ran longer than {cellDeadline.TotalSeconds:0.#} s");
            }
            if (next.IsFaulted || next.Result is not { } frame)
            {
                Kill();
                throw new WorkerFailedException(WorkerFailure.Crash, ExitDescription());
            }
            if (frame.Type == MessageType.ExecuteDone) return;
            if (frame.Type != MessageType.CellOutput)
                throw new WorkerFailedException(WorkerFailure.Crash, $"protocol violation: {frame.Type} during a run");
            onCell(Codec.Decode(frame.Payload, Codec.ReadCellOutput));
        }
    }

    private T Exchange<T>(MessageType type, byte[] payload, MessageType replyType, Func<BinaryReader, T> decode, TimeSpan deadline)
    {
        if (process.HasExited) throw new WorkerFailedException(WorkerFailure.Crash, ExitDescription());
        var reply = Task.Run(() =>
        {
            Frames.Write(requests, type, payload);
            return Frames.Read(replies);
        });
        bool finished;
        try { finished = reply.Wait(deadline); }
        catch (AggregateException) { finished = true; }
        if (!finished)
        {
            Kill();
            throw new WorkerFailedException(WorkerFailure.Timeout, $"no reply within {deadline.TotalSeconds:0.#} s");
        }
        if (reply.IsFaulted || reply.Result is not { } frame)
        {
            Kill();
            string why = reply.Exception?.InnerException is ProtocolException p ? $"protocol violation: {p.Message}" : ExitDescription();
            throw new WorkerFailedException(WorkerFailure.Crash, why);
        }
        if (frame.Type != replyType)
        {
            Kill();
            throw new WorkerFailedException(WorkerFailure.Crash, $"protocol violation: {frame.Type} instead of {replyType}");
        }
        try { return Codec.Decode(frame.Payload, decode); }
        catch (ProtocolException e)
        {
            Kill();
            throw new WorkerFailedException(WorkerFailure.Crash, $"protocol violation: {e.Message}");
        }
    }

    private string ExitDescription()
    {
        if (!process.WaitForExit(2000)) return "the worker stopped answering";
        int code = process.ExitCode;
        string err = Stderr;
        // The runtime prints this before it aborts on a stack overflow (exit 134, SIGABRT).
        if (err.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)) return $"the worker crashed with a stack overflow (exit code {code})";
        return code switch
        {
            134 => "the worker aborted (exit code 134: a stack overflow or a fail-fast)",
            137 => "the worker was killed (exit code 137: out of memory or killed)",
            _ => $"the worker exited with code {code} before replying",
        };
    }

    /// <summary>
    /// CPU time the worker has consumed, over all its threads, read from the kernel (schedstat, in ns). Unlike wall
    /// time it does not grow while another process holds the CPU, so timings survive a busy machine. Null where the
    /// kernel does not provide it.
    /// </summary>
    public long? CpuTimeNanoseconds()
    {
        try
        {
            long total = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
            {
                try { total += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0]); }
                catch (IOException) { } // a thread that ended while we looked
            }
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }

    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(5000);
    }

    public void Dispose()
    {
        try { requests.Dispose(); } catch (IOException) { }
        if (!process.WaitForExit(2000)) Kill();
        process.Dispose();
    }
}
