namespace Course.Reference;

/// <summary>
/// Linear warm-up then cosine decay, as transformer training uses (PyTorch's <c>LinearLR</c> then
/// <c>CosineAnnealingLR</c>): η(t) = η₀·t / w for t &lt; w; then η_min + (η₀ − η_min)·½·(1 + cos(π·(t − w) / (T − w)));
/// η_min from T on.
/// </summary>
/// <remarks>Warm-up starts at 0 and reaches η₀ exactly at t = w, where the cosine part starts from its top.</remarks>
public sealed class CosineWarmupSchedule : Schedule
{
    public CosineWarmupSchedule(double baseLearningRate, int warmupSteps, int totalSteps, double minLearningRate = 0)
    {
        HyperParameter.NonNegative(baseLearningRate, nameof(baseLearningRate));
        HyperParameter.NonNegative(warmupSteps, nameof(warmupSteps));
        if (totalSteps <= warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(totalSteps),
                $"totalSteps must be greater than warmupSteps ({warmupSteps}) to leave steps for the decay, not {totalSteps}.");
        HyperParameter.NonNegative(minLearningRate, nameof(minLearningRate));
        (BaseLearningRate, WarmupSteps, TotalSteps, MinLearningRate) = (baseLearningRate, warmupSteps, totalSteps, minLearningRate);
    }

    public double BaseLearningRate { get; }

    public int WarmupSteps { get; }

    public int TotalSteps { get; }

    public double MinLearningRate { get; }

    public override double LearningRate(int step)
    {
        ScheduleStep.Require(step);
        if (step < WarmupSteps) return BaseLearningRate * step / WarmupSteps;
        if (step >= TotalSteps) return MinLearningRate;
        double progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinLearningRate + (BaseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
