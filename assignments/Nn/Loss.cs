namespace Course;

/// <summary>
/// A loss: a scalar from a batch of predictions and targets of the same shape, and its gradient.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> returns the loss averaged as the concrete loss documents (the course follows PyTorch's
/// default <c>reduction='mean'</c>) and caches what <see cref="Backward"/> needs; <see cref="Backward"/> returns
/// dL/dInput for the most recent forward call.
/// </remarks>
public abstract class Loss<T> where T : IFloatingPointIeee754<T>
{
    public abstract T Forward(Tensor<T> input, Tensor<T> target);

    public abstract Tensor<T> Backward();
}
