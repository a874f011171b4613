using System.Numerics;

namespace Course.Reference;

/// <summary>
/// The same values in another shape (one extent may be −1 and is inferred); the gradient is dL/dy in the input's
/// shape. Like <c>torch.reshape</c> of a contiguous tensor, both directions are views sharing storage, not copies.
/// </summary>
public sealed class ReshapeOp<T>(int[] shape) : Function<T> where T : IFloatingPointIeee754<T>
{
    private readonly int[] shape = (int[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone();
    private int[]? inputShape, outputShape;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        if (Array.FindAll(shape, e => e == -1).Length > 1 || Array.Exists(shape, e => e < -1))
            throw new ArgumentException(
                $"{Name}: shape {Broadcasting.Format(shape)} is invalid: extents must be at least 0, and at most one may be -1.");
        Tensor<T> result;
        try { result = inputs[0].Reshape(shape); }
        catch (ArgumentException e) { throw new ArgumentException($"{Name}: {e.Message}", e); }
        inputShape = inputs[0].Shape;
        outputShape = result.Shape;
        return result;
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var target = inputShape ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, outputShape!);
        return [gradOutput.Reshape(target)];
    }
}
