using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Course.Kernels;

/// <summary>
/// A 12 × (2 · Vector512) register tile: 12×32 for float, 12×16 for double, for AVX-512 machines.
/// </summary>
/// <remarks>
/// 24 accumulators, 2 B vectors and 1 broadcast use 27 of the 32 zmm registers; RyuJIT keeps the accumulators
/// in zmm0–23 without spills. Per k step: 2 loads, 12 broadcasts, 24 FMAs.
/// The body is written out in full because RyuJIT keeps named locals in registers but not array
/// elements, and does not unroll loops.
/// </remarks>
internal readonly unsafe struct MicroKernel12x2Vector512<T> : IMicroKernel<T> where T : unmanaged, INumber<T>
{
    public static int Rows => 12;

    public static int Columns => 2 * Vector512<T>.Count;

    public static string Name => $"12×{Columns} Vector512<{typeof(T).Name}>";

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, T* a, T* b, T* c, nint ldc, bool loadC, T* bias)
    {
        int width = Vector512<T>.Count;
        Vector512<T> c00 = Vector512<T>.Zero, c01 = Vector512<T>.Zero;
        Vector512<T> c10 = Vector512<T>.Zero, c11 = Vector512<T>.Zero;
        Vector512<T> c20 = Vector512<T>.Zero, c21 = Vector512<T>.Zero;
        Vector512<T> c30 = Vector512<T>.Zero, c31 = Vector512<T>.Zero;
        Vector512<T> c40 = Vector512<T>.Zero, c41 = Vector512<T>.Zero;
        Vector512<T> c50 = Vector512<T>.Zero, c51 = Vector512<T>.Zero;
        Vector512<T> c60 = Vector512<T>.Zero, c61 = Vector512<T>.Zero;
        Vector512<T> c70 = Vector512<T>.Zero, c71 = Vector512<T>.Zero;
        Vector512<T> c80 = Vector512<T>.Zero, c81 = Vector512<T>.Zero;
        Vector512<T> c90 = Vector512<T>.Zero, c91 = Vector512<T>.Zero;
        Vector512<T> c100 = Vector512<T>.Zero, c101 = Vector512<T>.Zero;
        Vector512<T> c110 = Vector512<T>.Zero, c111 = Vector512<T>.Zero;

        // C is read (or first written) only after the k loop: start fetching its rows now so the loads at the end
        // hit cache. C's rows are a full row stride apart, too far for the hardware prefetcher to guess.
        if (Sse.IsSupported)
            for (int r = 0; r < 12; r++) { Sse.Prefetch0(c + r * ldc); Sse.Prefetch0(c + r * ldc + 2 * width - 1); }

        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b), b1 = Vector512.Load(b + width);
            Vector512<T> ai;
            ai = Vector512.Create(a[0]); c00 = VectorMath.FusedMultiplyAdd(ai, b0, c00); c01 = VectorMath.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]); c10 = VectorMath.FusedMultiplyAdd(ai, b0, c10); c11 = VectorMath.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]); c20 = VectorMath.FusedMultiplyAdd(ai, b0, c20); c21 = VectorMath.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]); c30 = VectorMath.FusedMultiplyAdd(ai, b0, c30); c31 = VectorMath.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]); c40 = VectorMath.FusedMultiplyAdd(ai, b0, c40); c41 = VectorMath.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]); c50 = VectorMath.FusedMultiplyAdd(ai, b0, c50); c51 = VectorMath.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]); c60 = VectorMath.FusedMultiplyAdd(ai, b0, c60); c61 = VectorMath.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]); c70 = VectorMath.FusedMultiplyAdd(ai, b0, c70); c71 = VectorMath.FusedMultiplyAdd(ai, b1, c71);
            ai = Vector512.Create(a[8]); c80 = VectorMath.FusedMultiplyAdd(ai, b0, c80); c81 = VectorMath.FusedMultiplyAdd(ai, b1, c81);
            ai = Vector512.Create(a[9]); c90 = VectorMath.FusedMultiplyAdd(ai, b0, c90); c91 = VectorMath.FusedMultiplyAdd(ai, b1, c91);
            ai = Vector512.Create(a[10]); c100 = VectorMath.FusedMultiplyAdd(ai, b0, c100); c101 = VectorMath.FusedMultiplyAdd(ai, b1, c101);
            ai = Vector512.Create(a[11]); c110 = VectorMath.FusedMultiplyAdd(ai, b0, c110); c111 = VectorMath.FusedMultiplyAdd(ai, b1, c111);
            a += 12;
            b += 2 * width;
        }

        if (bias != null)
        {
            Vector512<T> bias0 = Vector512.Load(bias), bias1 = Vector512.Load(bias + width);
            c00 += bias0; c01 += bias1;
            c10 += bias0; c11 += bias1;
            c20 += bias0; c21 += bias1;
            c30 += bias0; c31 += bias1;
            c40 += bias0; c41 += bias1;
            c50 += bias0; c51 += bias1;
            c60 += bias0; c61 += bias1;
            c70 += bias0; c71 += bias1;
            c80 += bias0; c81 += bias1;
            c90 += bias0; c91 += bias1;
            c100 += bias0; c101 += bias1;
            c110 += bias0; c111 += bias1;
        }

        if (loadC)
        {
            c00 += Vector512.Load(c); c01 += Vector512.Load(c + width);
            c10 += Vector512.Load(c + 1 * ldc); c11 += Vector512.Load(c + 1 * ldc + width);
            c20 += Vector512.Load(c + 2 * ldc); c21 += Vector512.Load(c + 2 * ldc + width);
            c30 += Vector512.Load(c + 3 * ldc); c31 += Vector512.Load(c + 3 * ldc + width);
            c40 += Vector512.Load(c + 4 * ldc); c41 += Vector512.Load(c + 4 * ldc + width);
            c50 += Vector512.Load(c + 5 * ldc); c51 += Vector512.Load(c + 5 * ldc + width);
            c60 += Vector512.Load(c + 6 * ldc); c61 += Vector512.Load(c + 6 * ldc + width);
            c70 += Vector512.Load(c + 7 * ldc); c71 += Vector512.Load(c + 7 * ldc + width);
            c80 += Vector512.Load(c + 8 * ldc); c81 += Vector512.Load(c + 8 * ldc + width);
            c90 += Vector512.Load(c + 9 * ldc); c91 += Vector512.Load(c + 9 * ldc + width);
            c100 += Vector512.Load(c + 10 * ldc); c101 += Vector512.Load(c + 10 * ldc + width);
            c110 += Vector512.Load(c + 11 * ldc); c111 += Vector512.Load(c + 11 * ldc + width);
        }

        c00.Store(c); c01.Store(c + width);
        c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + width);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + width);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + width);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + width);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + width);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + width);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + width);
        c80.Store(c + 8 * ldc); c81.Store(c + 8 * ldc + width);
        c90.Store(c + 9 * ldc); c91.Store(c + 9 * ldc + width);
        c100.Store(c + 10 * ldc); c101.Store(c + 10 * ldc + width);
        c110.Store(c + 11 * ldc); c111.Store(c + 11 * ldc + width);
    }
}
