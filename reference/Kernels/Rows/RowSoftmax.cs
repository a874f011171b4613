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

    /// <summary>
    /// The gradient of mean-over-rows cross-entropy, −Σ_c t_c log softmax(x)_c, from the log-softmax:
    /// dx = (softmax · Σ_c t_c − t) · <paramref name="scale"/>. Σ t is 1 for one-hot and probability targets; keeping
    /// it makes the gradient exact for any non-negative target rows.
    /// </summary>
    public static void CrossEntropyGradient<T>(ReadOnlySpan<T> logY, ReadOnlySpan<T> target, Span<T> dx, int columns, T scale)
        where T : IFloatingPointIeee754<T>
    {
        int rows = RowCount(logY.Length, dx.Length, columns);
        RequireLength(target.Length, logY.Length);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> targetRow = target.Slice(r * columns, columns);
            Span<T> dxRow = dx.Slice(r * columns, columns);
            TensorPrimitives.Exp(logY.Slice(r * columns, columns), dxRow);
            TensorPrimitives.Multiply(dxRow, TensorPrimitives.Sum(targetRow), dxRow);
            TensorPrimitives.Subtract(dxRow, targetRow, dxRow);
            TensorPrimitives.Multiply(dxRow, scale, dxRow);
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
