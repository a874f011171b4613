namespace Course.Grader.Checks.Public;

/// <summary>How one public check ended. "Not implemented" is a to-do, not a mistake, so it is kept apart from a failure.</summary>
public enum PublicOutcome { Passed, Failed, NotImplemented, Skipped }

/// <summary>
/// One public check of one unit: what was found (<see cref="Message"/>) and, when it did not pass, what to do about
/// it (<see cref="Hint"/>), both written for the student.
/// </summary>
public sealed record PublicCheckResult(string Unit, string Check, PublicOutcome Outcome, string Message, string? Hint = null);

/// <summary>A public check failed; the message says what and where, the hint what to look at.</summary>
public class PublicCheckFailure(string message, string? hint) : Exception(message)
{
    public string? Hint { get; } = hint;
}

/// <summary>The worker crashed or timed out: the unit's remaining checks are not attempted.</summary>
public sealed class UnitStopped(string message, string? hint) : PublicCheckFailure(message, hint);

/// <summary>The student's code threw <see cref="NotImplementedException"/>: the unit is still to be written.</summary>
public sealed class NotImplementedYet(string message) : Exception(message);
