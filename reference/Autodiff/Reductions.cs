using System.Numerics;

namespace Course.Reference;

/// <summary>Sum over axes and its adjoint, for <see cref="SumOp{T}"/> and <see cref="MeanOp{T}"/>: a sum over axes
/// is the broadcast-gradient reduction run forward, and its backward is a broadcast.</summary>
internal static class Reductions
{
    /// <summary>A new tensor: <paramref name="x"/> summed over the reduced axes, in the reduction's output shape.</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x, AxisReduction reduction) where T : IFloatingPointIeee754<T>
    {
        var kept = Broadcasting.SumTo(x, reduction.KeptShape);
        // Nothing reduced (no axes, or only axes of extent 1): SumTo returned x itself, which is not ours to return.
        if (ReferenceEquals(kept, x)) kept = x.Clone();
        return kept.Reshape(reduction.OutputShape);
    }

    /// <summary>A new tensor of <paramref name="inputShape"/>: <paramref name="gradOutput"/> repeated along the
    /// reduced axes.</summary>
    public static Tensor<T> Spread<T>(Tensor<T> gradOutput, AxisReduction reduction, int[] inputShape)
        where T : IFloatingPointIeee754<T> =>
        gradOutput.Reshape(reduction.KeptShape).BroadcastTo(inputShape);
}
