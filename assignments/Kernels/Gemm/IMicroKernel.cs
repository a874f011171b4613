using System.Numerics;

namespace Course.Kernels;

/// <summary>
/// The innermost loop of a BLIS-style GEMM: an <see cref="Rows"/> × <see cref="Columns"/> tile of C kept in
/// registers while it is updated with one packed A micro-panel and one packed B micro-panel.
/// </summary>
/// <remarks>
/// Static members so that <see cref="GemmDriver{T, TKernel}"/>, closed over a kernel struct, is specialised by the
/// JIT with the tile sizes as constants and the kernel inlined.
/// </remarks>
internal unsafe interface IMicroKernel<T> where T : unmanaged, INumber<T>
{
    /// <summary>MR: rows of the register tile, and the height of a packed A micro-panel.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of the register tile, and the width of a packed B micro-panel.</summary>
    static abstract int Columns { get; }

    /// <summary>A human-readable name for benchmark output, e.g. "6×16 Vector256".</summary>
    static abstract string Name { get; }

    /// <summary>
    /// tile = (loadC ? tile : 0) + (bias is null ? 0 : bias row) + Σ_p a[p, :]ᵀ · b[p, :] over <paramref name="kc"/>
    /// steps. <paramref name="a"/> holds kc × MR values (k-major), <paramref name="b"/> kc × NR values (k-major);
    /// <paramref name="c"/> is the top-left element of a full MR × NR tile with row stride <paramref name="ldc"/>;
    /// <paramref name="bias"/>, if not null, points to NR values added to every row.
    /// </summary>
    static abstract void Multiply(int kc, T* a, T* b, T* c, nint ldc, bool loadC, T* bias);
}
