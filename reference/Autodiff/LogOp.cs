using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>ln a (inputs positive); dL/da = dL/dy / a.</summary>
public sealed class LogOp<T> : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    protected override void Compute(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Log(x, y);

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
        TensorPrimitives.Divide(dy, x, dx);
}
