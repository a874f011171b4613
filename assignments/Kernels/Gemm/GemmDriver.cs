using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Kernels;

/// <summary>
/// The BLIS five-loop GEMM around a register-tile kernel: C (m×n) = [C +] op(A)·op(B) [+ bias row].
/// </summary>
/// <remarks>
/// Loop nest, outermost first, with the cache level each block is sized for:
/// <list type="number">
/// <item>jc over n in steps of NC: a KC × NC panel of packed B lives in L3 and is reused by every block of A.</item>
/// <item>pc over k in steps of KC: the depth of one rank-KC update; the first one applies the bias and the
/// overwrite/accumulate choice, later ones always accumulate into C.</item>
/// <item>ic over m in steps of MC: an MC × KC block of packed A lives in L2.</item>
/// <item>jr over the B panel in steps of NR: one KC × NR micro-panel of B stays in L1 across the next loop.</item>
/// <item>ir over the A block in steps of MR: the micro-kernel, an MR × NR tile of C in registers.</item>
/// </list>
/// Partial tiles at the right and bottom edges run the same kernel into a small scratch tile, then only the
/// valid part is merged into C: the kernel stays branch-free and never touches memory outside C.
/// </remarks>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IMicroKernel<T>
{
    /// <summary>Depth of a rank-k update: a KC × NR micro-panel of B (16 KB for float at NR = 16) fits in L1.</summary>
    public const int KC = 256;

    /// <summary>Rows of the packed A block, rounded to whole micro-panels: MC × KC (≈ 128 KB for float) fits in L2.</summary>
    public static int MC => (128 + TKernel.Rows - 1) / TKernel.Rows * TKernel.Rows;

    /// <summary>Columns of the packed B panel: KC × NC (4 MB for float) fits in L3.</summary>
    public const int NC = 4096;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(
        int m, int n, int k,
        T* a, nint lda, Transpose transposeA,
        T* b, nint ldb, Transpose transposeB,
        T* c, nint ldc, bool accumulate, T* bias)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            InitializeWithoutProduct(m, n, c, ldc, accumulate, bias);
            return;
        }

        int mr = TKernel.Rows, nr = TKernel.Columns, mcBlock = MC;
        int kcMax = Math.Min(k, KC);
        int mcMax = Math.Min(RoundUp(m, mr), mcBlock);
        int ncMax = Math.Min(RoundUp(n, nr), NC);
        T* packedA = PackingBuffers.ForA<T>((nint)mcMax * kcMax);
        T* packedB = PackingBuffers.ForB<T>((nint)kcMax * ncMax);
        T* edgeTile = stackalloc T[mr * nr];

        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                bool loadC = accumulate || pc > 0;
                T* biasPanel = pc == 0 && bias != null ? bias + jc : null;
                Packing.PackB(nr, b, ldb, transposeB, pc, kc, jc, nc, packedB);
                for (int ic = 0; ic < m; ic += mcBlock)
                {
                    int mc = Math.Min(mcBlock, m - ic);
                    Packing.PackA(mr, a, lda, transposeA, ic, mc, pc, kc, packedA);
                    MacroKernel(mc, nc, kc, packedA, packedB, c + (nint)ic * ldc + jc, ldc, loadC, biasPanel, edgeTile);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel(int mc, int nc, int kc, T* packedA, T* packedB, T* c, nint ldc, bool loadC, T* bias, T* edgeTile)
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int columns = Math.Min(nr, nc - jr);
            T* panelB = packedB + (nint)jr * kc;
            T* biasTile = bias == null ? null : bias + jr;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                T* panelA = packedA + (nint)ir * kc;
                T* tile = c + (nint)ir * ldc + jr;
                if (rows == mr && columns == nr)
                {
                    TKernel.Multiply(kc, panelA, panelB, tile, ldc, loadC, biasTile);
                }
                else
                {
                    TKernel.Multiply(kc, panelA, panelB, edgeTile, nr, false, null);
                    MergeEdge(rows, columns, edgeTile, nr, tile, ldc, loadC, biasTile);
                }
            }
        }
    }

    private static void MergeEdge(int rows, int columns, T* edgeTile, int nr, T* tile, nint ldc, bool loadC, T* bias)
    {
        for (int i = 0; i < rows; i++)
        {
            T* source = edgeTile + (nint)i * nr;
            T* target = tile + (nint)i * ldc;
            for (int j = 0; j < columns; j++)
            {
                T value = source[j];
                if (bias != null) value += bias[j];
                target[j] = loadC ? target[j] + value : value;
            }
        }
    }

    private static void InitializeWithoutProduct(int m, int n, T* c, nint ldc, bool accumulate, T* bias)
    {
        for (int i = 0; i < m; i++)
        {
            T* row = c + (nint)i * ldc;
            for (int j = 0; j < n; j++)
            {
                T value = bias == null ? T.Zero : bias[j];
                row[j] = accumulate ? row[j] + value : value;
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
