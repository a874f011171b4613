using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>
/// The mean over <c>axes</c> (all when null), as <c>torch.mean(x, dim, keepdim)</c>: the sum divided by the
/// product of the reduced extents. Its gradient is dL/dy / count repeated along the reduced axes.
/// </summary>
public sealed class MeanOp<T>(int[]? axes = null, bool keepDims = false) : Function<T> where T : IFloatingPointIeee754<T>
{
    private readonly int[]? axes = axes is null ? null : (int[])axes.Clone();
    private int[]? inputShape;
    private AxisReduction reduction;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        inputShape = inputs[0].Shape;
        reduction = AxisReduction.Of(Name, inputShape, axes, keepDims);
        var sum = Reductions.Sum(inputs[0], reduction);
        TensorPrimitives.Divide(sum.Data, T.CreateChecked(reduction.Count), sum.Data);
        return sum;
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var shape = inputShape ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, reduction.OutputShape);
        var gradInput = Reductions.Spread(gradOutput, reduction, shape);
        TensorPrimitives.Divide(gradInput.Data, T.CreateChecked(reduction.Count), gradInput.Data);
        return [gradInput];
    }
}
