using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Course.Kernels;

/// <summary>
/// A 6 × (2 · Vector256) register tile: 6×16 for float, 6×8 for double (BLIS's Haswell/Zen shape).
/// </summary>
/// <remarks>
/// 12 accumulators, 2 B vectors and 1 broadcast fill 15 of the 16 ymm registers of AVX2; per k step it does 2
/// loads, 6 broadcasts and 12 FMAs, enough independent FMAs to cover their latency on two FMA ports.
/// The body is written out in full because RyuJIT keeps named locals in registers but not array
/// elements, and does not unroll loops.
/// </remarks>
internal readonly unsafe struct MicroKernel6x2Vector256<T> : IMicroKernel<T> where T : unmanaged, INumber<T>
{
    public static int Rows => 6;

    public static int Columns => 2 * Vector256<T>.Count;

    public static string Name => $"6×{Columns} Vector256<{typeof(T).Name}>";

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, T* a, T* b, T* c, nint ldc, bool loadC, T* bias)
    {
        int width = Vector256<T>.Count;
        Vector256<T> c00 = Vector256<T>.Zero, c01 = Vector256<T>.Zero;
        Vector256<T> c10 = Vector256<T>.Zero, c11 = Vector256<T>.Zero;
        Vector256<T> c20 = Vector256<T>.Zero, c21 = Vector256<T>.Zero;
        Vector256<T> c30 = Vector256<T>.Zero, c31 = Vector256<T>.Zero;
        Vector256<T> c40 = Vector256<T>.Zero, c41 = Vector256<T>.Zero;
        Vector256<T> c50 = Vector256<T>.Zero, c51 = Vector256<T>.Zero;

        // C is read (or first written) only after the k loop: start fetching its rows now so the loads at the end
        // hit cache. C's rows are a full row stride apart, too far for the hardware prefetcher to guess.
        if (Sse.IsSupported)
            for (int r = 0; r < 6; r++) { Sse.Prefetch0(c + r * ldc); Sse.Prefetch0(c + r * ldc + 2 * width - 1); }

        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b), b1 = Vector256.Load(b + width);
            Vector256<T> ai;
            ai = Vector256.Create(a[0]); c00 = VectorMath.FusedMultiplyAdd(ai, b0, c00); c01 = VectorMath.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]); c10 = VectorMath.FusedMultiplyAdd(ai, b0, c10); c11 = VectorMath.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]); c20 = VectorMath.FusedMultiplyAdd(ai, b0, c20); c21 = VectorMath.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]); c30 = VectorMath.FusedMultiplyAdd(ai, b0, c30); c31 = VectorMath.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]); c40 = VectorMath.FusedMultiplyAdd(ai, b0, c40); c41 = VectorMath.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]); c50 = VectorMath.FusedMultiplyAdd(ai, b0, c50); c51 = VectorMath.FusedMultiplyAdd(ai, b1, c51);
            a += 6;
            b += 2 * width;
        }

        if (bias != null)
        {
            Vector256<T> bias0 = Vector256.Load(bias), bias1 = Vector256.Load(bias + width);
            c00 += bias0; c01 += bias1;
            c10 += bias0; c11 += bias1;
            c20 += bias0; c21 += bias1;
            c30 += bias0; c31 += bias1;
            c40 += bias0; c41 += bias1;
            c50 += bias0; c51 += bias1;
        }

        if (loadC)
        {
            c00 += Vector256.Load(c); c01 += Vector256.Load(c + width);
            c10 += Vector256.Load(c + 1 * ldc); c11 += Vector256.Load(c + 1 * ldc + width);
            c20 += Vector256.Load(c + 2 * ldc); c21 += Vector256.Load(c + 2 * ldc + width);
            c30 += Vector256.Load(c + 3 * ldc); c31 += Vector256.Load(c + 3 * ldc + width);
            c40 += Vector256.Load(c + 4 * ldc); c41 += Vector256.Load(c + 4 * ldc + width);
            c50 += Vector256.Load(c + 5 * ldc); c51 += Vector256.Load(c + 5 * ldc + width);
        }

        c00.Store(c); c01.Store(c + width);
        c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + width);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + width);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + width);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + width);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + width);
    }
}
