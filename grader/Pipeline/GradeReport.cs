using Course.Grader.Checks;
using Course.Grader.Configuration;

namespace Course.Grader.Pipeline;

/// <summary>Everything a grading run produced; reporters render it, nothing else computes points.</summary>
public sealed record GradeReport(
    string Notebook,
    Homework Homework,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<string> Warnings,
    double ExecutionSeconds,
    GradingSeed Seed,
    LateOutcome? Late)
{
    public double RawScore => Math.Round(Checks.Sum(c => c.Points), 4);

    public double RawMax => Checks.Sum(c => c.MaxPoints);

    /// <summary>True when only some of the homework's units were graded (grade --unit).</summary>
    public bool Partial => Math.Abs(RawMax - Homework.MaxRawPoints) > 1e-9;

    /// <summary>The homework's share of the course points, after any late penalty.</summary>
    public double CoursePoints
    {
        get
        {
            double earned = Homework.MaxRawPoints > 0 ? Homework.Points * RawScore / Homework.MaxRawPoints : 0;
            if (Late is { Accepted: false }) return 0;
            return Math.Max(0, Math.Round(earned - (Late?.Penalty ?? 0), 4));
        }
    }
}

/// <summary>How the late policy applied to a submission time.</summary>
public sealed record LateOutcome(DateTimeOffset SubmittedAt, int DaysLate, double Penalty, bool Accepted)
{
    public static LateOutcome Apply(Homework homework, LatePolicy policy, DateTimeOffset submittedAt)
    {
        if (submittedAt > homework.HardDeadline) return new LateOutcome(submittedAt, 0, 0, false);
        // Every started day after the soft deadline counts.
        int days = submittedAt <= homework.SoftDeadline ? 0 : (int)Math.Ceiling((submittedAt - homework.SoftDeadline).TotalDays);
        return new LateOutcome(submittedAt, days, days * policy.PointsPerDay, true);
    }

    public string Describe(Homework homework) => !Accepted
        ? $"submitted {SubmittedAt:yyyy-MM-dd HH:mm zzz}, after the hard deadline {homework.HardDeadline:yyyy-MM-dd HH:mm zzz}: not accepted, 0 points"
        : DaysLate == 0
            ? "submitted on time"
            : $"submitted {DaysLate} day(s) after the soft deadline {homework.SoftDeadline:yyyy-MM-dd HH:mm zzz}: −{Penalty:0.##} points";
}
