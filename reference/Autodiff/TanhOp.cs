using System.Numerics;
using Course.Kernels;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>tanh a; dL/da = dL/dy ⊙ (1 − y²), from the output.</summary>
public sealed class TanhOp<T> : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    protected override void Compute(ReadOnlySpan<T> x, Span<T> y) => VectorMath.Tanh(x, y);

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
        Elementwise.Map(y, dy, dx, new TanhGradientOperator<T>());
}
