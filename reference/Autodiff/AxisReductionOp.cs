using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>
/// What <see cref="SumOp{T}"/> and <see cref="MeanOp{T}"/> share: a sum over axes, divided by 1 or by the number
/// of elements summed. The sum is the broadcast-gradient reduction (<see cref="Broadcasting.SumTo{T}"/>)
/// run forward; its backward is a broadcast of dL/dy along the reduced axes, divided alike.
/// </summary>
public abstract class AxisReductionOp<T>(int[]? axes, bool keepDims) : Function<T> where T : IFloatingPointIeee754<T>
{
    private readonly int[]? axes = axes is null ? null : (int[])axes.Clone();
    private int[]? inputShape;
    private AxisReduction reduction;

    /// <summary>What the sum is divided by, given how many elements each output element sums (a division, not a
    /// multiplication by the inverse, so a mean rounds as PyTorch's does).</summary>
    protected abstract T Divisor(long count);

    public sealed override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        var x = inputs[0] ?? throw new ArgumentNullException("inputs[0]");
        inputShape = x.Shape;
        reduction = AxisReduction.Of(this, inputShape, axes, keepDims);
        var kept = Broadcasting.SumTo(x, reduction.KeptShape);
        // Nothing reduced (no axes, or only axes of extent 1): SumTo returned x itself, which is not ours to return.
        if (ReferenceEquals(kept, x)) kept = x.Clone();
        DivideInPlace(kept);
        return kept.Reshape(reduction.OutputShape);
    }

    public sealed override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var shape = inputShape ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        GradientCheck.RequireShape(this, gradOutput, reduction.OutputShape);
        var gradInput = gradOutput.Reshape(reduction.KeptShape).BroadcastTo(shape);
        DivideInPlace(gradInput);
        return [gradInput];
    }

    private void DivideInPlace(Tensor<T> tensor)
    {
        T divisor = Divisor(reduction.Count);
        if (divisor != T.One) TensorPrimitives.Divide(tensor.Data, divisor, tensor.Data);
    }
}
