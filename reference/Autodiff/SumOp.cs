using System.Numerics;

namespace Course.Reference;

/// <summary>
/// The sum over <c>axes</c> (all when null, giving shape ()), as <c>torch.sum(x, dim, keepdim)</c>. Its gradient
/// is dL/dy repeated along the reduced axes.
/// </summary>
public sealed class SumOp<T>(int[]? axes = null, bool keepDims = false) : AxisReductionOp<T>(axes, keepDims)
    where T : IFloatingPointIeee754<T>
{
    protected override T Divisor(long count) => T.One;
}
