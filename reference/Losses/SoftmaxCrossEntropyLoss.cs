using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>
/// Mean over rows of −Σ_c y_c · log softmax(x)_c, for logits x of shape (N, C) and targets of the same shape
/// (one-hot or probability rows). Computed from logits shifted by their row maximum, so finite for any logits.
/// </summary>
public sealed class SoftmaxCrossEntropyLoss<T> : Loss<T> where T : IFloatingPointIeee754<T>
{
    // The softmax is kept rather than the log-softmax: the backward pass then needs no second exponential.
    private readonly SavedTensor<T> probabilities = new(), targets = new();
    private T[] rowScratch = [], rowTerms = [];

    public override T Forward(Tensor<T> input, Tensor<T> target)
    {
        Require.SameShape(nameof(SoftmaxCrossEntropyLoss<T>), target, input, nameof(target), nameof(input));
        int columns = Require.RowLength(nameof(SoftmaxCrossEntropyLoss<T>), input);
        int rows = input.Length / columns, bands = RowBands.Count(rows, columns);
        // One scratch row per band, since bands may run on different threads.
        if (rowScratch.Length < bands * columns) rowScratch = new T[bands * columns];
        if (rowTerms.Length < rows) rowTerms = new T[rows];
        var p = probabilities.Storage(input.Shape);
        var y = targets.Copy(target);
        if (bands == 1)
        {
            RowSoftmax.CrossEntropyForward<T>(input.Data, y.Data, p.Data, rowTerms.AsSpan(0, rows), columns, rowScratch);
        }
        else
        {
            // Only this block's locals are captured, so the one-band path allocates no closure.
            T[] x = input.Data, yData = y.Data, pData = p.Data, terms = rowTerms, scratch = rowScratch;
            int width = columns;
            RowBands.Run(rows, bands, (band, first, count) => RowSoftmax.CrossEntropyForward<T>(
                x.AsSpan(first * width, count * width), yData.AsSpan(first * width, count * width),
                pData.AsSpan(first * width, count * width), terms.AsSpan(first, count), width, scratch.AsSpan(band * width, width)));
        }
        // Rows are added one by one in order, whatever the bands: the same bits on any number of threads.
        T total = T.Zero;
        for (int r = 0; r < rows; r++) total += rowTerms[r];
        return -total / T.CreateChecked(rows);
    }

    /// <summary>(softmax(x) · Σ_c y_c − y) / N.</summary>
    public override Tensor<T> Backward()
    {
        var p = probabilities.Get(nameof(SoftmaxCrossEntropyLoss<T>));
        var y = targets.Get(nameof(SoftmaxCrossEntropyLoss<T>));
        int columns = p.Dim(-1), rows = p.Length / columns;
        var gradInput = Fresh.Tensor<T>(p.Shape);
        T scale = T.One / T.CreateChecked(rows);
        int bands = RowBands.Count(rows, columns);
        if (bands == 1)
        {
            RowSoftmax.CrossEntropyGradientFromProbabilities<T>(p.Data, y.Data, gradInput.Data, columns, scale);
        }
        else
        {
            T[] pData = p.Data, yData = y.Data, gradData = gradInput.Data;
            int width = columns;
            T bandScale = scale;
            RowBands.Run(rows, bands, (_, first, count) => RowSoftmax.CrossEntropyGradientFromProbabilities<T>(
                pData.AsSpan(first * width, count * width), yData.AsSpan(first * width, count * width),
                gradData.AsSpan(first * width, count * width), width, bandScale));
        }
        return gradInput;
    }
}
