using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>
/// Gradient clipping by global norm, <c>torch.nn.utils.clip_grad_norm_(parameters, max_norm)</c>: the norm is
/// taken over all gradients together, as if they were one vector, so clipping keeps the update's direction.
/// </summary>
public sealed class ClipGradNorm<T> : GradientClipping<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>PyTorch's guard in max_norm / (norm + 1e-6), against dividing by a zero norm.</summary>
    private const double NormGuard = 1e-6;

    public ClipGradNorm(double maxNorm)
    {
        HyperParameter.NonNegative(maxNorm, nameof(maxNorm));
        MaxNorm = maxNorm;
    }

    public double MaxNorm { get; }

    public override double Clip(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sumOfSquares = 0;
        foreach (var parameter in parameters)
            sumOfSquares += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(parameter.Grad.Data));
        double norm = Math.Sqrt(sumOfSquares);

        // A NaN or infinite norm fails the comparison and leaves the gradients as they are, for the caller to see.
        if (norm > MaxNorm)
        {
            var scale = T.CreateTruncating(MaxNorm / (norm + NormGuard));
            foreach (var parameter in parameters)
                TensorPrimitives.Multiply<T>(parameter.Grad.Data, scale, parameter.Grad.Data);
        }
        return norm;
    }
}
