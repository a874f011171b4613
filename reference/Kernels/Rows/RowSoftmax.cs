using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference.Kernels;

/// <summary>
/// Softmax and log-softmax of each row of a row-major matrix, and their backward rules, on spans.
/// </summary>
/// <remarks>
/// Every row is shifted by its maximum before exponentiating (the largest exponent is then 0), so logits of any
/// size give finite results; <c>TensorPrimitives.SoftMax</c> works on a whole span and is not usable per row.
/// Each step of a row is one vectorized TensorPrimitives call.
/// </remarks>
public static class RowSoftmax
{
    /// <summary>y = softmax of each row of x.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int columns) where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(x.Length, y.Length, columns);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xRow = x.Slice(r * columns, columns);
            Span<T> yRow = y.Slice(r * columns, columns);
            TensorPrimitives.Subtract(xRow, TensorPrimitives.Max(xRow), yRow);
            TensorPrimitives.Exp(yRow, yRow);
            TensorPrimitives.Divide(yRow, TensorPrimitives.Sum<T>(yRow), yRow);
        }
    }

    /// <summary>
    /// y = log-softmax of each row of x, as (x − max) − log Σ e^(x − max). <paramref name="rowScratch"/> (at least
    /// <paramref name="columns"/> long) holds the exponentials; subtracting the log-sum from the shifted row rather
    /// than from x keeps entries near the maximum exact even when the logits are huge.
    /// </summary>
    public static void LogForward<T>(ReadOnlySpan<T> x, Span<T> y, int columns, Span<T> rowScratch) where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(x.Length, y.Length, columns);
        if (rowScratch.Length < columns)
            throw new ArgumentException($"The scratch row has {rowScratch.Length} elements; it needs {columns}.");
        Span<T> exponentials = rowScratch[..columns];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xRow = x.Slice(r * columns, columns);
            Span<T> yRow = y.Slice(r * columns, columns);
            TensorPrimitives.Subtract(xRow, TensorPrimitives.Max(xRow), yRow);
            TensorPrimitives.Exp(yRow, exponentials);
            TensorPrimitives.Subtract(yRow, T.Log(TensorPrimitives.Sum<T>(exponentials)), yRow);
        }
    }

    /// <summary>
    /// Softmax cross-entropy's forward pass in one exponential per element: writes the softmax of every row of x to
    /// <paramref name="probabilities"/> and each row's Σ_c t_c·log softmax(x)_c to <paramref name="rowTerms"/>. With
    /// z = x − max: log softmax = z − log Σ eᶻ, so the row's term is ⟨t, z⟩ − log Σ eᶻ · Σ t, taken from the shifted
    /// row (never from x, whose size would cancel digits when the logits are huge). <paramref name="rowScratch"/>
    /// holds a row.
    /// </summary>
    public static void CrossEntropyForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> target, Span<T> probabilities, Span<T> rowTerms, int columns, Span<T> rowScratch)
        where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(x.Length, probabilities.Length, columns);
        RequireLength(target.Length, x.Length);
        RequireLength(rowTerms.Length, rows);
        if (rowScratch.Length < columns)
            throw new ArgumentException($"The scratch row has {rowScratch.Length} elements; it needs {columns}.");
        Span<T> shifted = rowScratch[..columns];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xRow = x.Slice(r * columns, columns), targetRow = target.Slice(r * columns, columns);
            Span<T> pRow = probabilities.Slice(r * columns, columns);
            TensorPrimitives.Subtract(xRow, TensorPrimitives.Max(xRow), shifted);
            TensorPrimitives.Exp(shifted, pRow);
            T sum = TensorPrimitives.Sum<T>(pRow);
            rowTerms[r] = TensorPrimitives.Dot(targetRow, shifted) - T.Log(sum) * TensorPrimitives.Sum(targetRow);
            TensorPrimitives.Multiply(pRow, T.One / sum, pRow);
        }
    }

    /// <summary>
    /// The gradient of mean-over-rows cross-entropy from the softmax: dx = (p · Σ_c t_c − t) · <paramref name="scale"/>.
    /// Σ t is 1 for one-hot and probability targets; keeping it makes the gradient exact for any non-negative rows.
    /// </summary>
    public static void CrossEntropyGradientFromProbabilities<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<T> target, Span<T> dx, int columns, T scale)
        where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(probabilities.Length, dx.Length, columns);
        RequireLength(target.Length, probabilities.Length);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> targetRow = target.Slice(r * columns, columns);
            Span<T> dxRow = dx.Slice(r * columns, columns);
            // scale·Σt·p − scale·t: two multiplies fused into one pass after the first.
            TensorPrimitives.Multiply(probabilities.Slice(r * columns, columns), scale * TensorPrimitives.Sum(targetRow), dxRow);
            TensorPrimitives.MultiplyAdd(targetRow, -scale, dxRow, dxRow);
        }
    }

    /// <summary>dx = y ⊙ (dy − ⟨dy, y⟩) per row, where y is the softmax output.</summary>
    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int columns) where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(y.Length, dx.Length, columns);
        RequireLength(dy.Length, y.Length);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> yRow = y.Slice(r * columns, columns), dyRow = dy.Slice(r * columns, columns);
            Span<T> dxRow = dx.Slice(r * columns, columns);
            TensorPrimitives.Subtract(dyRow, TensorPrimitives.Dot(dyRow, yRow), dxRow);
            TensorPrimitives.Multiply(dxRow, yRow, dxRow);
        }
    }

    /// <summary>dx = dy − softmax · Σ dy per row, where the softmax is e^logY of the log-softmax output.</summary>
    public static void LogBackward<T>(ReadOnlySpan<T> logY, ReadOnlySpan<T> dy, Span<T> dx, int columns) where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(logY.Length, dx.Length, columns);
        RequireLength(dy.Length, logY.Length);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> dyRow = dy.Slice(r * columns, columns);
            Span<T> dxRow = dx.Slice(r * columns, columns);
            TensorPrimitives.Exp(logY.Slice(r * columns, columns), dxRow);
            TensorPrimitives.MultiplyAdd(dxRow, -TensorPrimitives.Sum(dyRow), dyRow, dxRow);
        }
    }

    private static int RowCount(int inputLength, int outputLength, int columns)
    {
        if (columns <= 0 || inputLength % columns != 0)
            throw new ArgumentException($"{inputLength} values do not form rows of {columns}.");
        RequireLength(outputLength, inputLength);
        return inputLength / columns;
    }

    private static void RequireLength(int actual, int expected)
    {
        if (actual != expected)
            throw new ArgumentException($"A span has {actual} values where {expected} are needed.");
    }
}
