using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference.Kernels;

/// <summary>Sums over the rows of a row-major matrix, e.g. the bias gradient db = Σ_rows dY.</summary>
public static class ColumnSums
{
    /// <summary>sums[j] += Σ_i matrix[i, j]. Row by row, so every step is a contiguous vector add.</summary>
    public static void Accumulate<T>(ReadOnlySpan<T> matrix, int columns, Span<T> sums) where T : INumber<T>
    {
        if (sums.Length != columns || (columns == 0 ? matrix.Length != 0 : matrix.Length % columns != 0))
            throw new ArgumentException($"Cannot sum {matrix.Length} values as rows of {columns} into {sums.Length} sums.");
        for (int offset = 0; offset < matrix.Length; offset += columns)
            TensorPrimitives.Add(sums, matrix.Slice(offset, columns), sums);
    }
}
