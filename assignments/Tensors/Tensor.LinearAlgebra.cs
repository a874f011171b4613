using System.Numerics.Tensors;

namespace Course;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// The matrix product of two 2-D tensors: (n, k) · (k, m) → (n, m).
    /// </summary>
    /// <remarks>
    /// Written as the i-k-j loop: every inner step adds a scaled row of <paramref name="other"/> to a row of the
    /// result, which TensorPrimitives vectorizes, and the k loop runs in blocks so that the rows of
    /// <paramref name="other"/> it reuses stay in cache. A fraction of what a packed GEMM reaches, but simple.
    /// </remarks>
    public Tensor<T> MatMul(Tensor<T> other)
    {
        if (Rank != 2 || other.Rank != 2 || shape[1] != other.shape[0])
            throw new ArgumentException(
                $"MatMul: shapes {ShapeString} and {other.ShapeString} do not match; (n, k) · (k, m) needs the " +
                "columns of the left operand to equal the rows of the right one.");
        int n = shape[0], k = shape[1], m = other.shape[1];
        var result = new Tensor<T>(n, m);
        const int KBlock = 128;
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            int k1 = Math.Min(k, k0 + KBlock);
            for (int i = 0; i < n; i++)
            {
                Span<T> cRow = result.Data.AsSpan(i * m, m);
                for (int p = k0; p < k1; p++)
                {
                    T a = Data[i * k + p];
                    if (a == T.Zero) continue;
                    TensorPrimitives.MultiplyAdd(other.Data.AsSpan(p * m, m), a, cRow, cRow);
                }
            }
        }
        return result;
    }

    /// <summary>The transpose of a 2-D tensor, as a new tensor.</summary>
    public Tensor<T> Transpose()
    {
        if (Rank != 2) throw new InvalidOperationException($"Transpose needs a 2-D tensor, not shape {ShapeString}.");
        int rows = shape[0], cols = shape[1];
        var result = new Tensor<T>(cols, rows);
        // Tiles keep both the reads and the writes within a few cache lines.
        const int Tile = 32;
        for (int i0 = 0; i0 < rows; i0 += Tile)
            for (int j0 = 0; j0 < cols; j0 += Tile)
                for (int i = i0; i < Math.Min(rows, i0 + Tile); i++)
                    for (int j = j0; j < Math.Min(cols, j0 + Tile); j++)
                        result.Data[j * rows + i] = Data[i * cols + j];
        return result;
    }
}
