using System.Collections.Concurrent;
using System.Diagnostics;

namespace Course.Grader.Workers;

/// <summary>
/// Starts every worker process from one thread that lives as long as the grader. The sandbox runs bubblewrap with
/// <c>--die-with-parent</c>, which is Linux's parent-death signal, and that signal fires when the <b>thread</b> that
/// forked the child exits, not the process. Started from a thread-pool thread, a worker was SIGKILLed (exit 137)
/// whenever the pool retired that thread after some idle seconds: mid-grading, in long gradings only. From this
/// thread, it dies with the grader and not before.
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<Action> Requests = new();

    static ProcessSpawner()
    {
        var thread = new Thread(() => { foreach (var request in Requests.GetConsumingEnumerable()) request(); })
        {
            IsBackground = true,
            Name = "worker spawner",
        };
        thread.Start();
    }

    public static Process? Start(ProcessStartInfo start)
    {
        Process? process = null;
        Exception? failure = null;
        using var done = new ManualResetEventSlim();
        Requests.Add(() =>
        {
            try { process = Process.Start(start); }
            catch (Exception e) { failure = e; }
            finally { done.Set(); }
        });
        done.Wait();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return process;
    }
}
