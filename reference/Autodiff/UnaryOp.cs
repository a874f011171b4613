using System.Numerics;

namespace Course.Reference;

/// <summary>
/// What the element-wise one-input operations share: the input and the output of the last Forward, kept by
/// reference (not copied) for the backward rule, which reads whichever is cheaper (e^x from its output, ln x from
/// its input). As with PyTorch's saved tensors, changing either before Backward is an error.
/// </summary>
public abstract class UnaryOp<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? input, output;

    public sealed override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        input = inputs[0];
        var result = new Tensor<T>(input.Shape);
        Compute(input.Data, result.Data);
        output = result;
        return result;
    }

    public sealed override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var x = input ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, x.Shape);
        var gradInput = new Tensor<T>(x.Shape);
        Gradient(x.Data, output!.Data, gradOutput.Data, gradInput.Data);
        return [gradInput];
    }

    /// <summary>y = f(x), element-wise.</summary>
    protected abstract void Compute(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>dx = f′(x) ⊙ dy, given x and y = f(x).</summary>
    protected abstract void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx);
}
