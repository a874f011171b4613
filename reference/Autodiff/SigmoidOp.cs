using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>1 / (1 + e^−a); dL/da = dL/dy ⊙ y(1 − y), from the output.</summary>
public sealed class SigmoidOp<T> : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    protected override void Compute(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Sigmoid(x, y);

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) =>
        Elementwise.Map(y, dy, dx, new SigmoidGradientOperator<T>());
}
