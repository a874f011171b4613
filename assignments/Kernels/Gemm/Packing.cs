using System.Numerics;

namespace Course.Kernels;

/// <summary>
/// Copies blocks of the operands into the micro-panel layout the register tile reads: A as MR-row panels and B as
/// NR-column panels, each stored k-major so that the kernel walks both with unit stride.
/// </summary>
/// <remarks>
/// Edges are zero-padded to full MR/NR so the kernel never needs a bounds check; the padded rows and columns of the
/// result are computed and then dropped by the driver. A transposed operand is packed straight from its storage
/// with the other stride, which is what makes Aᵀ·B and A·Bᵀ as cheap as A·B.
/// </remarks>
internal static unsafe class Packing
{
    /// <summary>
    /// Packs rows [i0, i0 + mc) and k-range [p0, p0 + kc) of op(A) into ⌈mc / MR⌉ panels of kc × MR values.
    /// op(A)[i, p] is a[i·lda + p] when A is used as stored, a[p·lda + i] when transposed.
    /// </summary>
    public static void PackA<T>(int mr, T* a, nint lda, Transpose transpose, int i0, int mc, int p0, int kc, T* packed)
        where T : unmanaged, INumber<T>
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* panel = packed + (nint)ir * kc;
            if (transpose == Transpose.No)
            {
                // Each row of A is contiguous along k: read it once, scatter with stride MR, 8×8 float blocks
                // through registers where they fit, the rest one value at a time.
                int blockedRows = 0, blockedDepth = 0;
                if (typeof(T) == typeof(float) && Transpose8x8.IsSupported)
                {
                    (blockedRows, blockedDepth) = (rows / 8 * 8, kc / 8 * 8);
                    for (int r = 0; r < blockedRows; r += 8)
                        for (int p = 0; p < blockedDepth; p += 8)
                            Transpose8x8.Block((float*)(a + (nint)(i0 + ir + r) * lda + p0 + p), lda, (float*)(panel + (nint)p * mr + r), mr);
                }
                for (int r = 0; r < rows; r++)
                {
                    T* source = a + (nint)(i0 + ir + r) * lda + p0;
                    T* target = panel + r;
                    for (int p = r < blockedRows ? blockedDepth : 0; p < kc; p++) target[(nint)p * mr] = source[p];
                }
            }
            else
            {
                // The MR values of one k step are adjacent in a row of the stored Aᵀ.
                for (int p = 0; p < kc; p++)
                {
                    T* source = a + (nint)(p0 + p) * lda + i0 + ir;
                    T* target = panel + (nint)p * mr;
                    for (int r = 0; r < rows; r++) target[r] = source[r];
                }
            }
            if (rows < mr)
                for (int p = 0; p < kc; p++)
                    for (int r = rows; r < mr; r++) panel[(nint)p * mr + r] = T.Zero;
        }
    }

    /// <summary>
    /// Packs k-range [p0, p0 + kc) and columns [j0, j0 + nc) of op(B) into ⌈nc / NR⌉ panels of kc × NR values.
    /// op(B)[p, j] is b[p·ldb + j] when B is used as stored, b[j·ldb + p] when transposed.
    /// </summary>
    public static void PackB<T>(int nr, T* b, nint ldb, Transpose transpose, int p0, int kc, int j0, int nc, T* packed)
        where T : unmanaged, INumber<T>
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int columns = Math.Min(nr, nc - jr);
            T* panel = packed + (nint)jr * kc;
            if (transpose == Transpose.No)
            {
                // The NR values of one k step are adjacent in a row of B: one block copy per k.
                nuint bytes = (nuint)(columns * sizeof(T));
                for (int p = 0; p < kc; p++)
                    Buffer.MemoryCopy(b + (nint)(p0 + p) * ldb + j0 + jr, panel + (nint)p * nr, bytes, bytes);
            }
            else
            {
                // Each row of the stored Bᵀ is one column of op(B), contiguous along k: scatter with stride NR,
                // 8×8 float blocks through registers where they fit, the rest one value at a time.
                int blockedColumns = 0, blockedDepth = 0;
                if (typeof(T) == typeof(float) && Transpose8x8.IsSupported && nr % 8 == 0)
                {
                    (blockedColumns, blockedDepth) = (columns / 8 * 8, kc / 8 * 8);
                    for (int col = 0; col < blockedColumns; col += 8)
                        for (int p = 0; p < blockedDepth; p += 8)
                            Transpose8x8.Block((float*)(b + (nint)(j0 + jr + col) * ldb + p0 + p), ldb, (float*)(panel + (nint)p * nr + col), nr);
                }
                for (int col = 0; col < columns; col++)
                {
                    T* source = b + (nint)(j0 + jr + col) * ldb + p0;
                    T* target = panel + col;
                    for (int p = col < blockedColumns ? blockedDepth : 0; p < kc; p++) target[(nint)p * nr] = source[p];
                }
            }
            if (columns < nr)
                for (int p = 0; p < kc; p++)
                    for (int col = columns; col < nr; col++) panel[(nint)p * nr + col] = T.Zero;
        }
    }
}
