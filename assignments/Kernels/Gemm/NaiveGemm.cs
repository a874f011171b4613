using System.Numerics;

namespace Course.Kernels;

/// <summary>
/// The textbook triple loop, for element types without a vector kernel (e.g. <see cref="Half"/>): correct, slow.
/// </summary>
internal static class NaiveGemm
{
    public static void Multiply<T>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc,
        bool accumulate, ReadOnlySpan<T> bias)
        where T : INumber<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = bias.IsEmpty ? T.Zero : bias[j];
                for (int p = 0; p < k; p++)
                {
                    T left = transposeA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    T right = transposeB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += left * right;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
    }
}
