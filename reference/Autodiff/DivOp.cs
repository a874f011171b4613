using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>a / b, broadcast. With t = dL/dy / b: dL/da = t and dL/db = −t ⊙ a / b = −t ⊙ y, each summed back to
/// its input's shape.</summary>
public sealed class DivOp<T> : BinaryBroadcastOp<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? output;

    // The output is kept (not copied) for dL/db, as PyTorch saves it; changing it before Backward is an error there too.
    protected override Tensor<T> Compute(Tensor<T> a, Tensor<T> b, int[] shape) =>
        output = Broadcasting.Apply<T, DivideOperator<T>>(a, b, shape);

    protected override Tensor<T>[] Gradients(Tensor<T> a, Tensor<T> b, Tensor<T> gradOutput)
    {
        var t = Broadcasting.Apply<T, DivideOperator<T>>(gradOutput, b, OutputShape);
        var ty = new Tensor<T>(OutputShape);
        TensorPrimitives.Multiply(t.Data, output!.Data, ty.Data);
        var gradB = Broadcasting.SumTo(ty, b.Shape);
        TensorPrimitives.Negate(gradB.Data, gradB.Data); // gradB is ty or a new sum: ours either way
        return [Broadcasting.SumTo(t, a.Shape), gradB];
    }
}

internal readonly struct DivideOperator<T> : IBroadcastOperator<T> where T : IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);
    public static T Invoke(T x, T y) => x / y;
}
