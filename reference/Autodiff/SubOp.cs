using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>a − b, broadcast. dL/da = dL/dy and dL/db = −dL/dy, each summed back to its input's shape.</summary>
public sealed class SubOp<T> : BinaryBroadcastOp<T> where T : IFloatingPointIeee754<T>
{
    protected override Tensor<T> Compute(Tensor<T> a, Tensor<T> b, int[] shape) =>
        Broadcasting.Apply<T, SubtractOperator<T>>(a, b, shape);

    protected override Tensor<T>[] Gradients(Tensor<T> a, Tensor<T> b, Tensor<T> gradOutput)
    {
        // Summing first and negating the (possibly much smaller) sum touches fewer elements.
        var gradB = Broadcasting.SumTo(gradOutput, b.Shape);
        var negated = ReferenceEquals(gradB, gradOutput) ? new Tensor<T>(gradB.Shape) : gradB;
        TensorPrimitives.Negate(gradB.Data, negated.Data);
        return [Broadcasting.SumTo(gradOutput, a.Shape), negated];
    }
}

internal readonly struct SubtractOperator<T> : IBroadcastOperator<T> where T : IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);
    public static T Invoke(T x, T y) => x - y;
}
