using System.Numerics;
using Course.Kernels;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>tanh x, element-wise.</summary>
public sealed class Tanh<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> output = new();

    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = output.Storage(input.Shape);
        VectorMath.Tanh<T>(input.Data, y.Data);
        return y.Clone();
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var y = output.Get(nameof(Tanh<T>));
        Require.GradientShape(nameof(Tanh<T>), gradOutput, y.Shape);
        var gradInput = new Tensor<T>(y.Shape);
        Elementwise.Map(y.Data, gradOutput.Data, gradInput.Data, new TanhGradientOperator<T>());
        return gradInput;
    }
}
