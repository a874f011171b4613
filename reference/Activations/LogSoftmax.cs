using System.Numerics;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>Log-softmax of each row (the last axis), finite for any logits.</summary>
public sealed class LogSoftmax<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> output = new();
    private T[] rowScratch = [];

    public override Tensor<T> Forward(Tensor<T> input)
    {
        int columns = Require.RowLength(nameof(LogSoftmax<T>), input);
        if (rowScratch.Length < columns) rowScratch = new T[columns];
        var y = output.Storage(input.Shape);
        RowSoftmax.LogForward<T>(input.Data, y.Data, columns, rowScratch);
        return y.Clone();
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var y = output.Get(nameof(LogSoftmax<T>));
        Require.GradientShape(nameof(LogSoftmax<T>), gradOutput, y.Shape);
        var gradInput = new Tensor<T>(y.Shape);
        RowSoftmax.LogBackward<T>(y.Data, gradOutput.Data, gradInput.Data, y.Dim(-1));
        return gradInput;
    }
}
