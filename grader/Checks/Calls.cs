using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Grader.Checks;

/// <summary>
/// Sends the same request to the student's worker and to the reference's, and turns every way the student's side
/// can fail into a <see cref="CheckFailure"/> with a message for people.
/// </summary>
/// <param name="timedStudent">The student's worker for speed checks (optimized from the start); the correctness
/// worker when null.</param>
public sealed class Calls(WorkerSession student, WorkerSession reference, TimeSpan deadline, string unitLocation, WorkerSession? timedStudent = null)
{
    /// <summary>The same calls, with the student's side in the worker meant for timing.</summary>
    public Calls ForSpeed() => timedStudent is null ? this : new Calls(timedStudent, reference, Deadline, unitLocation);

    public TimeSpan Deadline { get; } = deadline;

    public IReadOnlyList<WireTensor> Student(CallRequest request, string what) => Student(request, what, Deadline);

    public IReadOnlyList<WireTensor> Student(CallRequest request, string what, TimeSpan deadline)
    {
        CallResult result;
        try { result = student.Call(request, deadline); }
        catch (WorkerFailedException e) when (e.Failure == WorkerFailure.Timeout)
        {
            throw new StudentTimeout($"{what} did not finish within {deadline.TotalSeconds:0.#} s (an endless loop?){unitLocation}", deadline);
        }
        catch (WorkerFailedException e)
        {
            string hint = e.Message.Contains("stack overflow") ? "; look for unbounded recursion" : "";
            throw new FatalCheckFailure($"{what} crashed the worker: {e.Message}{unitLocation}{hint}");
        }
        if (result.Step.Length > 0) what = result.Step;
        return result.Status switch
        {
            CallStatus.Ok => result.Outputs,
            CallStatus.NotImplemented => throw new CheckFailure($"not implemented: {what} threw NotImplementedException{At(result)}"),
            CallStatus.Missing => throw new CheckFailure(result.Message),
            CallStatus.ParameterMismatch => throw new CheckFailure($"{what}: {result.Message}"),
            CallStatus.ContractViolation => throw new CheckFailure($"{what}: {result.Message}{At(result)}"),
            _ => throw new CheckFailure($"{what} threw {result.ExceptionType}{At(result)}" +
                                        (result.FromContract ? $": {result.Message}" : "")),
        };
    }

    public IReadOnlyList<WireTensor> Reference(CallRequest request)
    {
        try
        {
            var result = reference.Call(request, TimeSpan.FromSeconds(Math.Max(60, Deadline.TotalSeconds)));
            if (result.Status != CallStatus.Ok)
                throw new GraderFault($"the reference failed on {request.Unit}: {result.Status} {result.ExceptionType} {result.Message} (op {request.Operation}, starts {reference.Starts})");
            return result.Outputs;
        }
        catch (WorkerFailedException e) { throw new GraderFault($"the reference worker failed: {e.Message}"); }
    }

    /// <summary>
    /// Times one request to each side from this process (a worker cannot lie about its own speed): the CPU time the
    /// worker consumed, from the kernel, or wall time where that is unavailable. Only one worker is busy at a time,
    /// so neither competes with the other.
    /// </summary>
    public (double StudentSeconds, double ReferenceSeconds) TimeBoth(CallRequest request, bool studentFirst, TimeSpan studentDeadline)
    {
        double ts = 0, tr = 0;
        // The worker not being timed is stopped meanwhile: nothing it runs can compete for the CPU or its caches.
        void RunStudent() { using (reference.Frozen()) ts = Time(student, () => Student(request, "the timed run", studentDeadline)); }
        void RunReference() { using (student.Frozen()) tr = Time(reference, () => Reference(request)); }
        if (studentFirst) { RunStudent(); RunReference(); } else { RunReference(); RunStudent(); }
        return (ts, tr);
    }

    private static double Time(WorkerSession worker, Action call)
    {
        var cpuBefore = worker.CpuTime();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        call();
        double wallSeconds = wall.Elapsed.TotalSeconds;
        var cpuAfter = worker.CpuTime();
        double cpu = cpuBefore is { } b && cpuAfter is { } a ? CpuTime.SecondsBetween(b, a) : 0;
        return cpu > 0 ? cpu : wallSeconds;
    }

    private static string At(CallResult r) => r.Cell > 0 ? $" (cell {r.Cell}, line {r.Line})" : "";
}
