using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>e^a; dL/da = dL/dy ⊙ e^a, read from the output rather than exponentiating again.</summary>
public sealed class ExpOp<T> : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    protected override void Compute(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Exp(x, y);

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
        TensorPrimitives.Multiply(dy, y, dx);
}
