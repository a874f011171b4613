namespace Course.Grader.Checks;

/// <summary>The outcome of one check of one unit: points and a message written by the grader.</summary>
public sealed record CheckResult(string Unit, string Check, double Points, double MaxPoints, bool Passed, string Message)
{
    /// <summary>For a speed check, the median time ratio student/reference.</summary>
    public double? SpeedRatio { get; init; }
}

/// <summary>A check failed because of the student's code; the message says what and where.</summary>
public class CheckFailure(string message) : Exception(message);

/// <summary>The student's worker crashed or timed out: the unit's remaining checks are not attempted.</summary>
public class FatalCheckFailure(string message) : CheckFailure(message);

/// <summary>A call into student code missed its deadline (the worker was killed).</summary>
public sealed class StudentTimeout(string message, TimeSpan deadline) : FatalCheckFailure(message)
{
    public TimeSpan Deadline { get; } = deadline;
}

/// <summary>The reference or the grader itself failed; never the student's fault.</summary>
public sealed class GraderFault(string message) : Exception(message);
