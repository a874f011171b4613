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
        int rows = input.Length / columns, bands = RowBands.Count(rows, columns);
        // One scratch row per band, since bands may run on different threads.
        if (rowScratch.Length < bands * columns) rowScratch = new T[bands * columns];
        var logP = logProbabilities.Storage(input.Shape);
        if (bands == 1)
        {
            RowSoftmax.LogForward<T>(input.Data, logP.Data, columns, rowScratch);
        }
        else
        {
            // Only this block's locals are captured, so the one-band path allocates no closure.
            T[] x = input.Data, logPData = logP.Data, scratch = rowScratch;
            int width = columns;
            RowBands.Run(rows, bands, (band, first, count) => RowSoftmax.LogForward<T>(
                x.AsSpan(first * width, count * width), logPData.AsSpan(first * width, count * width), width,
                scratch.AsSpan(band * width, width)));
        }
        var y = targets.Copy(target);
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
        T scale = T.One / T.CreateChecked(rows);
        int bands = RowBands.Count(rows, columns);
        if (bands == 1)
        {
            RowSoftmax.CrossEntropyGradient<T>(logP.Data, y.Data, gradInput.Data, columns, scale);
        }
        else
        {
            T[] logPData = logP.Data, yData = y.Data, gradData = gradInput.Data;
            int width = columns;
            T bandScale = scale;
            RowBands.Run(rows, bands, (_, first, count) => RowSoftmax.CrossEntropyGradient<T>(
                logPData.AsSpan(first * width, count * width), yData.AsSpan(first * width, count * width),
                gradData.AsSpan(first * width, count * width), width, bandScale));
        }
        return gradInput;
    }
}
