using System.Numerics;

namespace Course.Reference;

/// <summary>a repeated to <c>shape</c> (NumPy rules, as <c>torch.broadcast_to</c>); the gradient is dL/dy summed
/// over the repeated axes.</summary>
public sealed class BroadcastToOp<T>(int[] shape) : Function<T> where T : IFloatingPointIeee754<T>
{
    private readonly int[] shape = (int[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone();
    private int[]? inputShape;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        Tensor<T> result;
        try { result = inputs[0].BroadcastTo(shape); }
        catch (ArgumentException e) { throw new ArgumentException($"{Name}: {e.Message}", e); }
        inputShape = inputs[0].Shape;
        return result;
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var target = inputShape ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, shape);
        return [Broadcasting.SumTo(gradOutput, target)];
    }
}
