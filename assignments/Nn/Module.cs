namespace Course;

/// <summary>
/// A layer with an explicit backward pass, in the spirit of PyTorch's <c>autograd.Function</c>.
/// </summary>
/// <remarks>
/// The contract every graded layer keeps:
/// <list type="bullet">
/// <item><see cref="Forward"/> computes Y from X (rows are samples) and caches whatever <see cref="Backward"/> needs.</item>
/// <item><see cref="Backward"/> takes dL/dY for the most recent forward call, returns dL/dX, and <b>adds</b> the
/// gradients of the parameters into <see cref="Parameter{T}.Grad"/> (accumulates; it does not overwrite).</item>
/// <item><see cref="Parameters"/> lists the parameters in a fixed order (for <c>Linear</c>: weight, then bias).</item>
/// <item>Neither call modifies its argument.</item>
/// </list>
/// </remarks>
public abstract class Module<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>True in training mode (the default), false in evaluation mode.</summary>
    public bool IsTraining { get; private set; } = true;

    public abstract Tensor<T> Forward(Tensor<T> input);

    public abstract Tensor<T> Backward(Tensor<T> gradOutput);

    /// <summary>The learnable parameters, always in the same order. None by default.</summary>
    public virtual IEnumerable<Parameter<T>> Parameters() => [];

    /// <summary>Sets every parameter gradient to zero; call it before each backward pass of a training step.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters()) parameter.Grad.Fill(T.Zero);
    }

    public void Train() => SetTraining(true);

    public void Eval() => SetTraining(false);

    /// <summary>Switches the mode; containers override it to switch their children too.</summary>
    public virtual void SetTraining(bool training) => IsTraining = training;
}
