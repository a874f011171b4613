using Course.Grader.Protocol;

namespace Course.Grader.Workers;

/// <summary>
/// A worker with what it was loaded with, restarted (and reloaded) on demand after a crash or a timeout, so that
/// one unit that kills its worker costs only that unit.
/// </summary>
/// <remarks>The student's worker sees nothing of the grader's files; the reference's sees the reference assembly.</remarks>
/// <param name="timing">Runs optimized code from the first call (see <see cref="WorkerProcess.Start"/>): for the workers
/// whose code is timed and whose failures are not reported line by line.</param>
public sealed class WorkerSession(string name, LoadRequest load, TimeSpan loadDeadline, IReadOnlyList<string>? readOnly = null, bool timing = false) : IDisposable
{
    private WorkerProcess? process;

    public string Name { get; } = name;

    public int Starts { get; private set; }

    /// <summary>The reference implementation, in a worker of its own (it is never loaded into the grader).</summary>
    public static WorkerSession ForReference()
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, "Course.Reference.dll");
        return new("reference", new LoadRequest([], assembly), TimeSpan.FromSeconds(60), [assembly], timing: true);
    }

    /// <summary>A student's notebook, under its homework's gate rules (threads only where course.json allows parallelism).</summary>
    /// <remarks>The sandbox shows it the files its cells #load (intake made their paths absolute) and nothing else
    /// of the notebook's folder, which in a batch holds other students' work.</remarks>
    public static WorkerSession ForNotebook(IReadOnlyList<SourceCell> cells, bool allowParallelism = false) =>
        new("student", new LoadRequest(cells, null, allowParallelism), TimeSpan.FromSeconds(180), LoadedFiles(cells));

    /// <summary>A second worker for the same notebook, for the speed checks only: it starts (and compiles the cells)
    /// at its first call, and runs optimized code from the start.</summary>
    public static WorkerSession ForTimedNotebook(IReadOnlyList<SourceCell> cells, bool allowParallelism = false) =>
        new("student (timed)", new LoadRequest(cells, null, allowParallelism), TimeSpan.FromSeconds(180), LoadedFiles(cells), timing: true);

    private static List<string> LoadedFiles(IReadOnlyList<SourceCell> cells) =>
        cells.SelectMany(c => c.Code.Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("#load \"/", StringComparison.Ordinal) && l.EndsWith('"'))
            .Select(l => l[7..^1])
            .Distinct()
            .ToList();

    public LoadResult Start()
    {
        process?.Dispose();
        process = null;
        process = WorkerProcess.Start(readOnly, optimizedFromTheStart: timing);
        Starts++;
        try
        {
            return process.Load(load, loadDeadline);
        }
        catch (WorkerFailedException)
        {
            process.Dispose();
            process = null;
            throw;
        }
    }

    public CallResult Call(CallRequest request, TimeSpan deadline)
    {
        if (process is not null && process.HasExited && Environment.GetEnvironmentVariable("COURSE_WORKER_DEBUG") is "1")
            Console.Error.WriteLine($"[{Name} worker had exited before {request.Operation}: {process.DebugExit()}]");
        if (process is null || process.HasExited) Start();
        try { return process!.Call(request, deadline); }
        catch (WorkerFailedException)
        {
            process?.Dispose();
            process = null;
            throw;
        }
    }

    /// <summary>The CPU time of the current worker process (see <see cref="WorkerProcess.CpuTime"/>).</summary>
    public CpuTime? CpuTime() => process?.CpuTime();

    /// <summary>The worker stopped (SIGSTOP) until disposed; nothing to stop when it is not running.</summary>
    public IDisposable Frozen() => process?.Frozen() ?? new NothingToThaw();

    private sealed class NothingToThaw : IDisposable { public void Dispose() { } }

    public void Dispose()
    {
        process?.Dispose();
        process = null;
    }
}
