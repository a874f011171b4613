using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>
/// Mean over rows of −Σ_c y_c · log softmax(x)_c, for logits x of shape (N, C) and targets of the same shape
/// (one-hot or probability rows). Computed from the log-softmax, so finite for any logits.
/// </summary>
public sealed class SoftmaxCrossEntropyLoss<T> : Loss<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> logProbabilities = new(), targets = new();
    private T[] rowScratch = [];

    public override T Forward(Tensor<T> input, Tensor<T> target)
    {
        Require.SameShape(nameof(SoftmaxCrossEntropyLoss<T>), target, input, nameof(target), nameof(input));
        int columns = Require.RowLength(nameof(SoftmaxCrossEntropyLoss<T>), input);
        if (rowScratch.Length < columns) rowScratch = new T[columns];
        var logP = logProbabilities.Storage(input.Shape);
        RowSoftmax.LogForward<T>(input.Data, logP.Data, columns, rowScratch);
        var y = targets.Copy(target);
        int rows = input.Length / columns;
        // Σ over rows and classes of y·log p in one dot product; zero targets contribute exactly 0 since log p is finite.
        return -TensorPrimitives.Dot<T>(y.Data, logP.Data) / T.CreateChecked(rows);
    }

    /// <summary>(softmax(x) · Σ_c y_c − y) / N.</summary>
    public override Tensor<T> Backward()
    {
        var logP = logProbabilities.Get(nameof(SoftmaxCrossEntropyLoss<T>));
        var y = targets.Get(nameof(SoftmaxCrossEntropyLoss<T>));
        int columns = logP.Dim(-1), rows = logP.Length / columns;
        var gradInput = new Tensor<T>(logP.Shape);
        RowSoftmax.CrossEntropyGradient<T>(logP.Data, y.Data, gradInput.Data, columns, T.One / T.CreateChecked(rows));
        return gradInput;
    }
}
