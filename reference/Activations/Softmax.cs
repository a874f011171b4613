using System.Numerics;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>Softmax of each row (the last axis), finite for any logits.</summary>
public sealed class Softmax<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> output = new();

    public override Tensor<T> Forward(Tensor<T> input)
    {
        int columns = Require.RowLength(nameof(Softmax<T>), input);
        var y = output.Storage(input.Shape);
        RowSoftmax.Forward<T>(input.Data, y.Data, columns);
        return y.Clone();
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var y = output.Get(nameof(Softmax<T>));
        Require.GradientShape(nameof(Softmax<T>), gradOutput, y.Shape);
        var gradInput = new Tensor<T>(y.Shape);
        RowSoftmax.Backward<T>(y.Data, gradOutput.Data, gradInput.Data, y.Dim(-1));
        return gradInput;
    }
}
