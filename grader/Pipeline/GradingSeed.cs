using System.Globalization;

namespace Course.Grader.Pipeline;

/// <summary>
/// Where a grade's inputs come from. The inputs are drawn from a seed in the grader; a seed anyone can read (the
/// public default is in this repository and in the student kit's tools) lets a student reproduce the graded inputs
/// and hard-code answers for them. For real grading the instructor keeps a secret seed in COURSE_GRADING_SEED
/// (a CI secret, say); it is used and never printed. An explicit --seed is for reproducing a grade and is printed.
/// </summary>
public sealed record GradingSeed(int Value, bool Secret)
{
    public const int PublicDefault = 20260914;
    public const string Variable = "COURSE_GRADING_SEED";

    /// <summary>The seed for this run, and a warning for the instructor when it is the public default.</summary>
    public static GradingSeed Resolve(int? given, out string? warning)
    {
        warning = null;
        if (given is { } explicitSeed) return new(explicitSeed, Secret: false);
        string? secret = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(secret))
        {
            if (!int.TryParse(secret.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
                throw new UngradableException($"{Variable} must be a whole number (a secret of your choosing), not \"{secret}\"");
            return new(value, Secret: true);
        }
        warning = $"grading with the public default seed {PublicDefault}: students who read the grader can reproduce its inputs; " +
                  $"for real grading set {Variable} to a secret whole number";
        return new(PublicDefault, Secret: false);
    }

    /// <summary>How reports name the seed: the number, or that it is secret.</summary>
    public override string ToString() => Secret ? "secret seed" : $"seed {Value}";
}
