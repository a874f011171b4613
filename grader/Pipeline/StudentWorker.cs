using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Grader.Pipeline;

/// <summary>The worker that compiles and runs a submission's cells, under its homework's gate rules (threads only
/// where course.json allows parallelism).</summary>
public static class StudentWorker
{
    // As WorkerSession.ForNotebook: compiling a whole notebook cold takes a few seconds, far below this.
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(180);

    public static WorkerSession For(Submission submission) =>
        new("student", new LoadRequest(submission.Intake.Cells, null, submission.Homework.AllowParallelism), LoadDeadline);
}
