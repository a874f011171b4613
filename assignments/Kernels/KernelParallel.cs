using System.Runtime.ExceptionServices;

namespace Course.Kernels;

/// <summary>
/// Runs the parts of one kernel call at the same time: part 0 on the calling thread, the others on dedicated
/// worker threads that spin briefly before they sleep, as OpenMP's do.
/// </summary>
/// <remarks>
/// <c>Parallel.For</c> lets the calling thread take every part when a pool thread is slow to wake, which happens
/// for parts of a few hundred microseconds (a 256³ GEMM ran serially that way). Workers are created on first use,
/// which only happens when <see cref="KernelThreads.Count"/> is above 1, never in grading. A call made while
/// another is using the workers (another thread, or a kernel inside a part) runs its parts in turn instead.
/// </remarks>
internal static class KernelParallel
{
    private static readonly List<Worker> workers = [];
    private static readonly CountdownEvent finished = new(1);
    private static int busy;

    public static void For(int parts, Action<int> body)
    {
        if (parts <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) body(part);
            return;
        }
        try
        {
            while (workers.Count < parts - 1) workers.Add(new Worker());
            finished.Reset(parts - 1);
            for (int part = 1; part < parts; part++) workers[part - 1].Start(body, part, finished);
            Exception? error = null;
            try { body(0); }
            catch (Exception e) { error = e; }
            finished.Wait();
            for (int part = 1; part < parts; part++) error ??= workers[part - 1].TakeError();
            if (error is not null) ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private sealed class Worker
    {
        // Spinning before sleeping saves the futex wake-up (tens of microseconds) between back-to-back kernel calls.
        private readonly ManualResetEventSlim start = new(false, spinCount: 2000);
        private Action<int> body = _ => { };
        private CountdownEvent? finished;
        private int part;
        private Exception? error;

        public Worker() => new Thread(Loop) { IsBackground = true, Name = "Course kernel worker" }.Start();

        public void Start(Action<int> body, int part, CountdownEvent finished)
        {
            (this.body, this.part, this.finished, error) = (body, part, finished, null);
            start.Set();
        }

        public Exception? TakeError() => error;

        private void Loop()
        {
            while (true)
            {
                start.Wait();
                start.Reset();
                try { body(part); }
                catch (Exception e) { error = e; }
                finally { finished!.Signal(); }
            }
        }
    }
}
