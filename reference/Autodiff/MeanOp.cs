using System.Numerics;

namespace Course.Reference;

/// <summary>
/// The mean over <c>axes</c> (all when null), as <c>torch.mean(x, dim, keepdim)</c>: the sum divided by the
/// product of the reduced extents. Its gradient is dL/dy / count repeated along the reduced axes.
/// </summary>
public sealed class MeanOp<T>(int[]? axes = null, bool keepDims = false) : AxisReductionOp<T>(axes, keepDims)
    where T : IFloatingPointIeee754<T>
{
    protected override T Divisor(long count) => T.CreateChecked(count);
}
