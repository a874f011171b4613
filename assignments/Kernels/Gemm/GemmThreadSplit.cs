using System.Numerics;

namespace Course.Kernels;

/// <summary>
/// Runs one GEMM on <see cref="KernelThreads.Count"/> threads by giving each thread its own block of C: a band of
/// rows or of columns, whichever has more register tiles.
/// </summary>
/// <remarks>
/// Every element of C is still summed by the same kernel over the same KC blocks in the same order, so the result
/// is bit-identical to one thread's: k is never split. Band edges fall on multiples of the tile (MR rows or NR
/// columns), so a tile that is full on one thread stays full here. Each thread packs into its own thread-static
/// buffers; the band that shares the other operand packs it again, which costs O(k·n) against O(m·n·k) of work.
/// </remarks>
internal static unsafe class GemmThreadSplit<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IMicroKernel<T>
{
    /// <summary>Multiply-adds below which a second thread's start-up (a few microseconds) outweighs its share.</summary>
    private const long MinimumMultiplyAddsPerThread = 1L << 19;

    public static void Multiply(
        int m, int n, int k,
        T* a, nint lda, Transpose transposeA,
        T* b, nint ldb, Transpose transposeB,
        T* c, nint ldc, bool accumulate, T* bias)
    {
        int rowTiles = (m + TKernel.Rows - 1) / TKernel.Rows;
        int columnTiles = (n + TKernel.Columns - 1) / TKernel.Columns;
        bool splitRows = rowTiles >= columnTiles;
        int tiles = splitRows ? rowTiles : columnTiles;
        int threads = KernelThreads.For((long)m * n * k, MinimumMultiplyAddsPerThread, tiles);
        if (threads == 1)
        {
            GemmDriver<T, TKernel>.Multiply(m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate, bias);
            return;
        }

        // Pointers cannot be captured by a lambda; addresses can.
        nint aAddress = (nint)a, bAddress = (nint)b, cAddress = (nint)c, biasAddress = (nint)bias;
        KernelParallel.For(threads, part =>
        {
            int firstTile = (int)((long)tiles * part / threads), endTile = (int)((long)tiles * (part + 1) / threads);
            T* pa = (T*)aAddress, pb = (T*)bAddress, pc = (T*)cAddress, pbias = (T*)biasAddress;
            if (splitRows)
            {
                int first = firstTile * TKernel.Rows, rows = Math.Min(m, endTile * TKernel.Rows) - first;
                T* aBand = transposeA == Transpose.No ? pa + first * lda : pa + first;
                GemmDriver<T, TKernel>.Multiply(rows, n, k, aBand, lda, transposeA, pb, ldb, transposeB,
                    pc + first * ldc, ldc, accumulate, pbias);
            }
            else
            {
                int first = firstTile * TKernel.Columns, columns = Math.Min(n, endTile * TKernel.Columns) - first;
                T* bBand = transposeB == Transpose.No ? pb + first : pb + first * ldb;
                GemmDriver<T, TKernel>.Multiply(m, columns, k, pa, lda, transposeA, bBand, ldb, transposeB,
                    pc + first, ldc, accumulate, pbias == null ? null : pbias + first);
            }
        });
    }
}
