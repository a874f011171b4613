namespace Course.Reference;

/// <summary>The step numbers a schedule accepts: 0 is the first update.</summary>
internal static class ScheduleStep
{
    public static void Require(int step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), $"Steps are numbered from 0; got {step}.");
    }
}
