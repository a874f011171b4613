using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>−a; dL/da = −dL/dy.</summary>
public sealed class NegOp<T> : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    protected override void Compute(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Negate(x, y);

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
        TensorPrimitives.Negate(dy, dx);
}
