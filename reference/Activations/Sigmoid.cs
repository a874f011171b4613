using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
public sealed class Sigmoid<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> output = new();

    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = output.Storage(input.Shape);
        TensorPrimitives.Sigmoid(input.Data, y.Data);
        return y.Clone();
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var y = output.Get(nameof(Sigmoid<T>));
        Require.GradientShape(nameof(Sigmoid<T>), gradOutput, y.Shape);
        var gradInput = new Tensor<T>(y.Shape);
        Elementwise.Map(y.Data, gradOutput.Data, gradInput.Data, new SigmoidGradientOperator<T>());
        return gradInput;
    }
}
