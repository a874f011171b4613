using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>max(x, 0), element-wise.</summary>
public sealed class ReLU<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    // The output suffices for backward: relu(x) > 0 exactly where x > 0.
    private readonly SavedTensor<T> output = new();

    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = output.Storage(input.Shape);
        TensorPrimitives.Max(input.Data, T.Zero, y.Data);
        return y.Clone();
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var y = output.Get(nameof(ReLU<T>));
        Require.GradientShape(nameof(ReLU<T>), gradOutput, y.Shape);
        var gradInput = new Tensor<T>(y.Shape);
        Elementwise.Map(y.Data, gradOutput.Data, gradInput.Data, new LeakyReluGradientOperator<T>(T.Zero));
        return gradInput;
    }
}
