using Course.Grader.Checks;
using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.Grader.Workers;

namespace Course.Tests.Sandbox;

/// <summary>
/// A worker lives as long as its session, whichever thread started it. bubblewrap's --die-with-parent is the
/// parent-death signal of the thread that forked it: a worker started from a thread that then ended was SIGKILLed
/// at once (in real gradings, when the thread pool retired the thread that had started the reference).
/// </summary>
[NonParallelizable]
public class WorkerLifetimeTests
{
    [Test]
    public void A_worker_started_from_a_thread_that_has_ended_still_answers()
    {
        using var reference = WorkerSession.ForReference();
        var starter = new Thread(() => reference.Start());
        starter.Start();
        starter.Join();
        Thread.Sleep(300);

        var request = Requests.Schedule(new ScheduleCase("steps", UnitCatalog.Spec("ExponentialSchedule", new UnitArg.Real(1), new UnitArg.Real(0.5)), 3));
        var result = reference.Call(request, TimeSpan.FromSeconds(30));
        Assert.That(result.Status, Is.EqualTo(CallStatus.Ok), result.Message);
        Assert.That(result.Outputs[0].Data, Is.EqualTo(new[] { 1, 0.5, 0.25 }));
        Assert.That(reference.Starts, Is.EqualTo(1), "the worker was not killed and restarted");
    }
}
