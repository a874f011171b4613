using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Course.Kernels;

namespace Course;

public sealed partial class Tensor<T>
{
    /// <summary>
    /// The matrix product of two 2-D tensors: (n, k) · (k, m) → (n, m).
    /// </summary>
    /// <remarks>
    /// float and double go through the course's packed, cache-blocked GEMM (<see cref="Gemm"/>), the same kernel
    /// the reference uses, so a layer written with MatMul is as fast as its other passes allow. Other element types
    /// take the i-k-j loop: each step adds a scaled row of <paramref name="other"/> to a row of the result.
    /// </remarks>
    public Tensor<T> MatMul(Tensor<T> other)
    {
        if (Rank != 2 || other.Rank != 2 || shape[1] != other.shape[0])
            Throw.Argument(
                $"MatMul: shapes {ShapeString} and {other.ShapeString} do not match; (n, k) · (k, m) needs the " +
                "columns of the left operand to equal the rows of the right one.");
        int n = shape[0], k = shape[1], m = other.shape[1];
        var result = new Tensor<T>(n, m);
        if (typeof(T) == typeof(float))
            Gemm.Multiply(Kernels.Transpose.No, Kernels.Transpose.No, n, m, k,
                Unsafe.As<float[]>(Data), Unsafe.As<float[]>(other.Data), Unsafe.As<float[]>(result.Data).AsSpan());
        else if (typeof(T) == typeof(double))
            Gemm.Multiply(Kernels.Transpose.No, Kernels.Transpose.No, n, m, k,
                Unsafe.As<double[]>(Data), Unsafe.As<double[]>(other.Data), Unsafe.As<double[]>(result.Data).AsSpan());
        else
            for (int i = 0; i < n; i++)
            {
                Span<T> cRow = result.Data.AsSpan(i * m, m);
                for (int p = 0; p < k; p++)
                    TensorPrimitives.MultiplyAdd(other.Data.AsSpan(p * m, m), Data[i * k + p], cRow, cRow);
            }
        return result;
    }

    /// <summary>The transpose of a 2-D tensor, as a new tensor.</summary>
    public Tensor<T> Transpose()
    {
        if (Rank != 2) Throw.InvalidOperation($"Transpose needs a 2-D tensor, not shape {ShapeString}.");
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
