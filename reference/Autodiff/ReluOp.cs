using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>max(a, 0); dL/da = dL/dy where a &gt; 0, else 0 (0 at a = 0, as PyTorch).</summary>
public sealed class ReluOp<T> : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    protected override void Compute(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Max(x, T.Zero, y);

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
        Elementwise.Map(x, dy, dx, new LeakyReluGradientOperator<T>(T.Zero));
}
