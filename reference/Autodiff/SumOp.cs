using System.Numerics;

namespace Course.Reference;

/// <summary>
/// The sum over <c>axes</c> (all when null, giving shape ()), as <c>torch.sum(x, dim, keepdim)</c>. Its gradient
/// is dL/dy repeated along the reduced axes.
/// </summary>
public sealed class SumOp<T>(int[]? axes = null, bool keepDims = false) : Function<T> where T : IFloatingPointIeee754<T>
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
        return Reductions.Sum(inputs[0], reduction);
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var shape = inputShape ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, reduction.OutputShape);
        return [Reductions.Spread(gradOutput, reduction, shape)];
    }
}
