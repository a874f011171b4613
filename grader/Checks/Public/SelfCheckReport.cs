using Course.Grader.Configuration;

namespace Course.Grader.Checks.Public;

/// <summary>What <c>check</c> found: every public check of every unit asked for, and notes about the notebook.</summary>
public sealed record SelfCheckReport(
    string Notebook,
    Homework Homework,
    IReadOnlyList<string> Units,
    IReadOnlyList<PublicCheckResult> Results,
    IReadOnlyList<string> Warnings,
    double Seconds)
{
    /// <summary>A unit fails if any check failed; else it is a to-do if any check is not implemented; else it passes.</summary>
    public PublicOutcome OutcomeOf(string unit)
    {
        var checks = Results.Where(r => r.Unit == unit).ToList();
        if (checks.Any(r => r.Outcome is PublicOutcome.Failed or PublicOutcome.Skipped)) return PublicOutcome.Failed;
        if (checks.Any(r => r.Outcome == PublicOutcome.NotImplemented)) return PublicOutcome.NotImplemented;
        return PublicOutcome.Passed;
    }

    public int Count(PublicOutcome outcome) => Units.Count(u => OutcomeOf(u) == outcome);

    public bool AllPass => Units.All(u => OutcomeOf(u) == PublicOutcome.Passed);

    /// <summary>"9 of 16 units pass the public checks; 5 not implemented; 2 fail".</summary>
    public string Summary =>
        $"{Count(PublicOutcome.Passed)} of {Units.Count} unit{(Units.Count == 1 ? "" : "s")} pass the public checks; " +
        $"{Count(PublicOutcome.NotImplemented)} not implemented; {Count(PublicOutcome.Failed)} fail";
}
