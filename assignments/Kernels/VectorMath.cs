using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Course.Kernels;

/// <summary>
/// Generic front ends for the vector operations that <c>System.Runtime.Intrinsics</c> only offers per element type
/// (fused multiply-add, exp, log) and accurate log1p/expm1, so that one kernel serves <c>float</c> and <c>double</c>.
/// </summary>
/// <remarks>
/// The <c>typeof(T) == typeof(float)</c> tests are constants once the JIT specializes a method for a value type, so
/// each helper compiles to the single instruction sequence of its type. Other element types never reach these
/// helpers: callers only take vector paths when <c>Vector128&lt;T&gt;.IsSupported</c> and T is float or double.
/// </remarks>
public static class VectorMath
{
    /// <summary>True for the element types whose vector transcendental functions exist (float and double).</summary>
    public static bool HasVectorMath<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FusedMultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> addend)
    {
        if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        return a * b + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        return a * b + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        return a * b + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp<T>(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector128.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"No vector exp for {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector256.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"No vector exp for {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector512.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"No vector exp for {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log<T>(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector128.Log(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Log(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"No vector log for {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector256.Log(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Log(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"No vector log for {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log<T>(Vector512<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector512.Log(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Log(x.AsDouble()).As<double, T>();
        throw new NotSupportedException($"No vector log for {typeof(T).Name}.");
    }

    // log(1 + x) accurate for tiny x. .NET's LogP1 (scalar and TensorPrimitives) is log(x + 1), which returns 0 for
    // x below half an ulp of 1 and loses most digits well above that. Kahan's trick: with u = 1 + x rounded,
    // log(u) · x / (u − 1) cancels the rounding error of u (Goldberg, "What every computer scientist should know
    // about floating-point arithmetic", theorem 4).

    /// <summary>log(1 + x), accurate also where x is far below the precision of 1.</summary>
    public static T LogOnePlus<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        T d = u - T.One;
        return d == T.Zero ? x : T.Log(u) * x / d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LogOnePlus<T>(Vector128<T> x)
    {
        Vector128<T> u = Vector128<T>.One + x, d = u - Vector128<T>.One;
        return Vector128.ConditionalSelect(Vector128.Equals(d, Vector128<T>.Zero), x, Log(u) * x / d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LogOnePlus<T>(Vector256<T> x)
    {
        Vector256<T> u = Vector256<T>.One + x, d = u - Vector256<T>.One;
        return Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<T>.Zero), x, Log(u) * x / d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LogOnePlus<T>(Vector512<T> x)
    {
        Vector512<T> u = Vector512<T>.One + x, d = u - Vector512<T>.One;
        return Vector512.ConditionalSelect(Vector512.Equals(d, Vector512<T>.Zero), x, Log(u) * x / d);
    }

    // eˣ − 1 accurate near 0, where exp(x) − 1 cancels to a few digits (float keeps only ~4 at x = −1e-4). Kahan's
    // trick again: with u = eˣ rounded, (u − 1)·x / log(u) cancels the rounding error of u.

    /// <summary>eˣ − 1, accurate also for |x| far below 1.</summary>
    public static T ExpMinusOne<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.Exp(x);
        T d = u - T.One;
        if (u == T.One) return x;
        return d == -T.One ? d : d * x / T.Log(u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ExpMinusOne<T>(Vector128<T> x)
    {
        Vector128<T> u = Exp(x), d = u - Vector128<T>.One;
        Vector128<T> accurate = Vector128.ConditionalSelect(Vector128.Equals(d, -Vector128<T>.One), d, d * x / Log(u));
        return Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<T>.One), x, accurate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ExpMinusOne<T>(Vector256<T> x)
    {
        Vector256<T> u = Exp(x), d = u - Vector256<T>.One;
        Vector256<T> accurate = Vector256.ConditionalSelect(Vector256.Equals(d, -Vector256<T>.One), d, d * x / Log(u));
        return Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<T>.One), x, accurate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ExpMinusOne<T>(Vector512<T> x)
    {
        Vector512<T> u = Exp(x), d = u - Vector512<T>.One;
        Vector512<T> accurate = Vector512.ConditionalSelect(Vector512.Equals(d, -Vector512<T>.One), d, d * x / Log(u));
        return Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<T>.One), x, accurate);
    }
    // tanh x = −expm1(−2|x|) / (2 + expm1(−2|x|)), with the sign of x. TensorPrimitives.Tanh (10.0) computes it from
    // e^(2x) and loses the digits near 0: tanh(0f) comes out as −6e-8 and tanh(0.01f) 3.5e-6 off, where PyTorch (and
    // this) give 0 and an error of an ulp or two. Through expm1 there is nothing to cancel, and |x| large gives −1/1.

    /// <summary>destination[i] = tanh(x[i]), accurate to a few ulps everywhere, exactly 0 at 0.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (destination.Length < x.Length) throw new ArgumentException($"the destination holds {destination.Length} elements, not {x.Length}", nameof(destination));
        int i = 0;
        if (HasVectorMath<T>() && Vector512.IsHardwareAccelerated)
            for (; i + Vector512<T>.Count <= x.Length; i += Vector512<T>.Count)
                Tanh(Vector512.Create(x.Slice(i, Vector512<T>.Count))).CopyTo(destination.Slice(i));
        else if (HasVectorMath<T>() && Vector256.IsHardwareAccelerated)
            for (; i + Vector256<T>.Count <= x.Length; i += Vector256<T>.Count)
                Tanh(Vector256.Create(x.Slice(i, Vector256<T>.Count))).CopyTo(destination.Slice(i));
        for (; i < x.Length; i++) destination[i] = Tanh(x[i]);
    }

    public static T Tanh<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T e = ExpMinusOne(T.CreateChecked(-2) * T.Abs(x));
        T t = -e / (e + T.CreateChecked(2));
        return x < T.Zero ? -t : t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh<T>(Vector256<T> x)
    {
        Vector256<T> two = Vector256<T>.One + Vector256<T>.One;
        Vector256<T> e = ExpMinusOne(-two * Vector256.Abs(x));
        Vector256<T> t = -e / (e + two);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -t, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh<T>(Vector512<T> x)
    {
        Vector512<T> two = Vector512<T>.One + Vector512<T>.One;
        Vector512<T> e = ExpMinusOne(-two * Vector512.Abs(x));
        Vector512<T> t = -e / (e + two);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), -t, t);
    }
}
