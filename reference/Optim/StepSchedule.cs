namespace Course.Reference;

/// <summary>
/// <c>torch.optim.lr_scheduler.StepLR(step_size, gamma)</c>: η(t) = η₀·γ^⌊t / stepSize⌋, the rate cut by γ every
/// <c>stepSize</c> steps.
/// </summary>
public sealed class StepSchedule : Schedule
{
    public StepSchedule(double baseLearningRate, int stepSize, double gamma = 0.1)
    {
        HyperParameter.NonNegative(baseLearningRate, nameof(baseLearningRate));
        HyperParameter.Positive(stepSize, nameof(stepSize), "the number of steps between two cuts");
        HyperParameter.NonNegative(gamma, nameof(gamma));
        (BaseLearningRate, StepSize, Gamma) = (baseLearningRate, stepSize, gamma);
    }

    public double BaseLearningRate { get; }

    public int StepSize { get; }

    public double Gamma { get; }

    public override double LearningRate(int step)
    {
        ScheduleStep.Require(step);
        return BaseLearningRate * Math.Pow(Gamma, step / StepSize);
    }
}
