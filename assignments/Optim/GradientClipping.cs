namespace Course;

/// <summary>
/// Rescales gradients before a step so that they cannot be too large, as <c>torch.nn.utils.clip_grad_norm_</c>:
/// students derive <c>ClipGradNorm&lt;T&gt;</c> from this class.
/// </summary>
public abstract class GradientClipping<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>Rescales the gradients of <paramref name="parameters"/> in place if their global norm is too large,
    /// and returns that norm as it was before clipping.</summary>
    public abstract double Clip(IReadOnlyList<Parameter<T>> parameters);
}
