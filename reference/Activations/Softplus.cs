using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>log(1 + eˣ), element-wise, finite for any x (see <see cref="SoftplusOperator{T}"/>).</summary>
public sealed class Softplus<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> input = new();

    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = this.input.Copy(input);
        var y = new Tensor<T>(x.Shape);
        Elementwise.Map(x.Data, y.Data, new SoftplusOperator<T>());
        return y;
    }

    /// <summary>d softplus / dx = sigmoid(x).</summary>
    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var x = input.Get(nameof(Softplus<T>));
        Require.GradientShape(nameof(Softplus<T>), gradOutput, x.Shape);
        var gradInput = new Tensor<T>(x.Shape);
        TensorPrimitives.Sigmoid(x.Data, gradInput.Data);
        TensorPrimitives.Multiply(gradInput.Data, gradOutput.Data, gradInput.Data);
        return gradInput;
    }
}
