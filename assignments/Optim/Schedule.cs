namespace Course;

/// <summary>
/// A learning-rate schedule: the learning rate of every step, as a function of the step's number. Step 0 is the
/// first update (PyTorch's schedulers start from <c>last_epoch = 0</c> the same way), so a training loop reads
/// <c>optimizer.LearningRate = schedule.LearningRate(step)</c> before each <c>optimizer.Step()</c>.
/// </summary>
public abstract class Schedule
{
    /// <summary>The learning rate for update number <paramref name="step"/> (0, 1, 2, …).</summary>
    public abstract double LearningRate(int step);

    /// <summary>Sets the optimizer's learning rate for update number <paramref name="step"/>.</summary>
    public void Apply<T>(Optimizer<T> optimizer, int step) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.LearningRate = LearningRate(step);
    }
}
