namespace Course.Reference;

/// <summary><c>torch.optim.lr_scheduler.ExponentialLR(gamma)</c>: η(t) = η₀·γᵗ.</summary>
public sealed class ExponentialSchedule : Schedule
{
    public ExponentialSchedule(double baseLearningRate, double gamma)
    {
        HyperParameter.NonNegative(baseLearningRate, nameof(baseLearningRate));
        HyperParameter.NonNegative(gamma, nameof(gamma));
        (BaseLearningRate, Gamma) = (baseLearningRate, gamma);
    }

    public double BaseLearningRate { get; }

    public double Gamma { get; }

    public override double LearningRate(int step)
    {
        ScheduleStep.Require(step);
        return BaseLearningRate * Math.Pow(Gamma, step);
    }
}
