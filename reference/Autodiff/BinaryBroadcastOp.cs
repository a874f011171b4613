using System.Numerics;

namespace Course.Reference;

/// <summary>
/// What the four broadcasting arithmetic operations share: two inputs broadcast against each other (NumPy rules),
/// kept by reference for the backward pass (the contract forbids changing them in between).
/// </summary>
public abstract class BinaryBroadcastOp<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? left, right;

    /// <summary>The first input of the last Forward.</summary>
    protected Tensor<T> Left => left ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");

    /// <summary>The second input of the last Forward.</summary>
    protected Tensor<T> Right => right ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");

    /// <summary>The broadcast shape of the output.</summary>
    protected int[] OutputShape { get; private set; } = [];

    public sealed override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 2);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        ArgumentNullException.ThrowIfNull(inputs[1], "inputs[1]");
        OutputShape = Broadcasting.Shape(Name, inputs[0], inputs[1]);
        left = inputs[0];
        right = inputs[1];
        return Compute(inputs[0], inputs[1], OutputShape);
    }

    public sealed override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        Tensor<T> a = Left, b = Right;
        Require.GradientShape(Name, gradOutput, OutputShape);
        return Gradients(a, b, gradOutput);
    }

    /// <summary>The output, of shape <paramref name="shape"/>.</summary>
    protected abstract Tensor<T> Compute(Tensor<T> a, Tensor<T> b, int[] shape);

    /// <summary>[dL/da, dL/db], each of its input's shape (use <see cref="Broadcasting.SumTo{T}"/>).</summary>
    protected abstract Tensor<T>[] Gradients(Tensor<T> a, Tensor<T> b, Tensor<T> gradOutput);
}
