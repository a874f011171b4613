using System.Numerics.Tensors;

namespace Course;

public sealed partial class Tensor<T>
{
    /// <summary>The sum of all elements.</summary>
    public T Sum() => TensorPrimitives.Sum<T>(Data);

    /// <summary>The mean of all elements.</summary>
    public T Mean() => Sum() / T.CreateChecked(Length);

    /// <summary>The largest element.</summary>
    public T Max() => Length == 0 ? Throw.InvalidOperation<T>("Max of an empty tensor.") : TensorPrimitives.Max<T>(Data);

    /// <summary>Sums along <paramref name="axis"/>, removing it: (n, m).Sum(0) → (m), (n, m).Sum(1) → (n).</summary>
    public Tensor<T> Sum(int axis) => Reduce(axis, ReduceKind.Sum);

    /// <summary>Averages along <paramref name="axis"/>, removing it.</summary>
    public Tensor<T> Mean(int axis)
    {
        var sum = Reduce(axis, ReduceKind.Sum);
        sum.ScaleInPlace(T.One / T.CreateChecked(shape[NormalizeAxis(axis)]));
        return sum;
    }

    /// <summary>The largest value along <paramref name="axis"/>, removing it.</summary>
    public Tensor<T> Max(int axis) => Reduce(axis, ReduceKind.Max);

    /// <summary>The index of the largest value of each row of a 2-D tensor (the predicted class).</summary>
    public int[] ArgMaxRows()
    {
        int rows = Rows, cols = Columns;
        var result = new int[rows];
        for (int r = 0; r < rows; r++) result[r] = TensorPrimitives.IndexOfMax<T>(Data.AsSpan(r * cols, cols));
        return result;
    }

    private enum ReduceKind { Sum, Max }

    private Tensor<T> Reduce(int axis, ReduceKind kind)
    {
        int a = NormalizeAxis(axis);
        // View the tensor as (outer, extent, inner) around the reduced axis.
        int outer = 1, inner = 1, extent = shape[a];
        for (int i = 0; i < a; i++) outer *= shape[i];
        for (int i = a + 1; i < Rank; i++) inner *= shape[i];
        if (kind == ReduceKind.Max && extent == 0)
            Throw.InvalidOperation($"Max along axis {axis} of shape {ShapeString}: the axis is empty.");

        var resultShape = new int[Rank - 1];
        for (int i = 0, j = 0; i < Rank; i++) if (i != a) resultShape[j++] = shape[i];
        var result = new Tensor<T>(resultShape);
        if (inner == 1)
        {
            // The last axis (e.g. Sum(1) of a matrix, one value per row) is contiguous: one vectorized call per row,
            // rather than the slice-by-slice loop below, which would then work on slices of length one.
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = Data.AsSpan(o * extent, extent);
                result.Data[o] = kind == ReduceKind.Sum ? TensorPrimitives.Sum(row) : TensorPrimitives.Max(row);
            }
            return result;
        }
        for (int o = 0; o < outer; o++)
        {
            Span<T> dest = result.Data.AsSpan(o * inner, inner);
            ReadOnlySpan<T> first = Data.AsSpan(o * extent * inner, inner);
            if (kind == ReduceKind.Max) first.CopyTo(dest);
            else if (extent > 0) first.CopyTo(dest);
            for (int e = 1; e < extent; e++)
            {
                ReadOnlySpan<T> slice = Data.AsSpan((o * extent + e) * inner, inner);
                if (kind == ReduceKind.Sum) TensorPrimitives.Add(dest, slice, dest);
                else TensorPrimitives.Max(dest, slice, dest);
            }
        }
        return result;
    }
}
