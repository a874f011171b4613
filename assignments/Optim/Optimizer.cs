namespace Course;

/// <summary>
/// Updates parameters from their gradients, as PyTorch's <c>torch.optim.Optimizer</c>: one instance per model,
/// <see cref="Step"/> after every backward pass, <see cref="ZeroGrad"/> before the next one.
/// </summary>
/// <remarks>
/// The contract every optimizer of the optimizers homework keeps:
/// <list type="bullet">
/// <item>The constructor takes the parameters and the hyper-parameters, with PyTorch's defaults.</item>
/// <item><see cref="Step"/> reads each <see cref="Parameter{T}.Grad"/>, updates <see cref="Parameter{T}.Value"/> in
/// place, and keeps whatever state the rule needs (velocity, moment estimates, the step count) <b>per parameter</b>:
/// parameters have different shapes, and one's history must never leak into another's.</item>
/// <item><see cref="Step"/> uses <see cref="LearningRate"/> as it is at that call: a schedule changes it between steps.</item>
/// <item>Neither call changes the gradients, except <see cref="ZeroGrad"/>, which sets them to zero.</item>
/// </list>
/// </remarks>
public abstract class Optimizer<T> where T : IFloatingPointIeee754<T>
{
    protected Optimizer(IEnumerable<Parameter<T>> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"The learning rate must be ≥ 0, not {learningRate}.");
        LearningRate = learningRate;
    }

    /// <summary>The parameters in the order given to the constructor.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The step size of the next <see cref="Step"/>; a <see cref="Schedule"/> sets it.</summary>
    public double LearningRate { get; set; }

    /// <summary>One update of every parameter from its current gradient.</summary>
    public abstract void Step();

    /// <summary>Sets every gradient to zero; call it before each backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters) parameter.Grad.Fill(T.Zero);
    }
}
