using System.Numerics;

namespace Course.Reference;

/// <summary>Axes <c>axis0</c> and <c>axis1</c> swapped (negative axes count from the end), as
/// <c>torch.transpose</c>; the gradient swaps them back.</summary>
public sealed class TransposeOp<T>(int axis0 = -2, int axis1 = -1) : Function<T> where T : IFloatingPointIeee754<T>
{
    private int[]? outputShape;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        var x = inputs[0];
        foreach (int axis in (ReadOnlySpan<int>)[axis0, axis1])
            if (axis < -x.Rank || axis >= x.Rank)
                throw new ArgumentException($"{Name}: axis {axis} does not exist in a tensor of shape {x.ShapeString}.");
        var result = x.SwapAxes(axis0, axis1);
        outputShape = result.Shape;
        return result;
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var shape = outputShape ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, shape);
        return [gradOutput.SwapAxes(axis0, axis1)];
    }
}
