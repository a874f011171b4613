using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>a + b, broadcast. Both gradients are dL/dy summed back to their input's shape.</summary>
public sealed class AddOp<T> : BinaryBroadcastOp<T> where T : IFloatingPointIeee754<T>
{
    protected override Tensor<T> Compute(Tensor<T> a, Tensor<T> b, int[] shape) =>
        Broadcasting.Apply<T, AddOperator<T>>(a, b, shape);

    // Where nothing was broadcast the upstream gradient is passed on as it is, as PyTorch does: the engine copies
    // before it adds anything into a gradient it does not own.
    protected override Tensor<T>[] Gradients(Tensor<T> a, Tensor<T> b, Tensor<T> gradOutput) =>
        [Broadcasting.SumTo(gradOutput, a.Shape), Broadcasting.SumTo(gradOutput, b.Shape)];
}

internal readonly struct AddOperator<T> : IBroadcastOperator<T> where T : IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Add(x, y, destination);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Add(x, y, destination);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Add(y, x, destination);
    public static T Invoke(T x, T y) => x + y;
}
