using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>a ⊙ b, broadcast. dL/da = dL/dy ⊙ b and dL/db = dL/dy ⊙ a, each summed back to its input's shape.</summary>
public sealed class MulOp<T> : BinaryBroadcastOp<T> where T : IFloatingPointIeee754<T>
{
    protected override Tensor<T> Compute(Tensor<T> a, Tensor<T> b, int[] shape) =>
        Broadcasting.Apply<T, MultiplyOperator<T>>(a, b, shape);

    protected override Tensor<T>[] Gradients(Tensor<T> a, Tensor<T> b, Tensor<T> gradOutput) =>
    [
        Broadcasting.SumTo(Broadcasting.Apply<T, MultiplyOperator<T>>(gradOutput, b, OutputShape), a.Shape),
        Broadcasting.SumTo(Broadcasting.Apply<T, MultiplyOperator<T>>(gradOutput, a, OutputShape), b.Shape),
    ];
}

internal readonly struct MultiplyOperator<T> : IBroadcastOperator<T> where T : IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Multiply(y, x, destination);
    public static T Invoke(T x, T y) => x * y;
}
