using System.Numerics;
using System.Runtime.Intrinsics;

namespace Course.Kernels;

/// <summary>
/// General matrix multiply on row-major spans: C = [C +] op(A)·op(B) [+ bias], where op(A) is m×k, op(B) is k×n,
/// C is m×n, and the optional bias (length n) is added to every row of C.
/// </summary>
/// <remarks>
/// <para>float and double run the packed, cache-blocked <see cref="GemmDriver{T, TKernel}"/> with a 12×2-vector
/// Vector512 tile when AVX-512 is available and a 6×2-vector Vector256 tile otherwise; other element types fall
/// back to a plain loop.</para>
/// <para>The bias is fused into the first rank-k update, so Y = X·W + b costs no extra pass over Y. Single-threaded
/// unless <see cref="KernelThreads.Count"/> is raised (benchmarks only): the course times one core.</para>
/// <para>C must not overlap A, B or the bias.</para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>
    /// C = [C +] op(A)·op(B) [+ bias] on dense row-major storage: A is stored m×k (k×m if transposed), B is stored
    /// k×n (n×k if transposed), C is m×n.
    /// </summary>
    public static void Multiply<T>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c,
        bool accumulate = false, ReadOnlySpan<T> bias = default)
        where T : unmanaged, INumber<T>
        => Multiply(transposeA, transposeB, m, n, k,
            a, transposeA == Transpose.No ? k : m,
            b, transposeB == Transpose.No ? n : k,
            c, n, accumulate, bias);

    /// <summary>
    /// C = [C +] op(A)·op(B) [+ bias] with explicit row strides (BLAS's lda, ldb, ldc), so that blocks of larger
    /// matrices can be multiplied in place.
    /// </summary>
    public static void Multiply<T>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc,
        bool accumulate = false, ReadOnlySpan<T> bias = default)
        where T : unmanaged, INumber<T>
    {
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, bias);
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            if (Vector512.IsHardwareAccelerated)
                Run<T, MicroKernel12x2Vector512<T>>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, bias);
            else
                Run<T, MicroKernel6x2Vector256<T>>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, bias);
        }
        else
        {
            NaiveGemm.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, bias);
        }
    }

    /// <summary>The register tile GEMMs of <typeparamref name="T"/> use on this machine, e.g. "6×16 Vector256&lt;Single&gt;".</summary>
    public static string KernelName<T>() where T : unmanaged, INumber<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) return "scalar loop";
        return Vector512.IsHardwareAccelerated ? MicroKernel12x2Vector512<T>.Name : MicroKernel6x2Vector256<T>.Name;
    }

    /// <summary>Runs one specific micro-kernel, whatever the hardware; tests use it to cover every kernel.</summary>
    internal static void MultiplyWithKernel<T, TKernel>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc,
        bool accumulate, ReadOnlySpan<T> bias)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, bias);
        Run<T, TKernel>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, bias);
    }

    private static void Run<T, TKernel>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc,
        bool accumulate, ReadOnlySpan<T> bias)
        where T : unmanaged, INumber<T>
        where TKernel : IMicroKernel<T>
    {
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pbias = bias)
        {
            GemmThreadSplit<T, TKernel>.Multiply(m, n, k, pa, lda, transposeA, pb, ldb, transposeB, pc, ldc, accumulate,
                bias.IsEmpty ? null : pbias);
        }
    }

    private static void Validate<T>(
        Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, ReadOnlySpan<T> bias)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"GEMM sizes must not be negative: m = {m}, n = {n}, k = {k}.");
        RequireMatrix("A", a.Length, transposeA == Transpose.No ? m : k, transposeA == Transpose.No ? k : m, lda);
        RequireMatrix("B", b.Length, transposeB == Transpose.No ? k : n, transposeB == Transpose.No ? n : k, ldb);
        RequireMatrix("C", c.Length, m, n, ldc);
        if (!bias.IsEmpty && bias.Length != n)
            throw new ArgumentException($"The bias has {bias.Length} values; it needs one per column of C ({n}).");
        if (c.Overlaps(a) || c.Overlaps(b) || c.Overlaps(bias))
            throw new ArgumentException("C must not overlap A, B or the bias: it is written while they are read.");
    }

    private static void RequireMatrix(string name, int length, int rows, int columns, int stride)
    {
        if (rows == 0 || columns == 0) return;
        if (stride < columns)
            throw new ArgumentException($"{name} is stored {rows}×{columns}, so its row stride must be at least {columns}, not {stride}.");
        long needed = (long)(rows - 1) * stride + columns;
        if (length < needed)
            throw new ArgumentException($"{name} is stored {rows}×{columns} with row stride {stride} and needs {needed} values, but has {length}.");
    }
}
