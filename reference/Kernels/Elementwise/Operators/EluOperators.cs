using System.Numerics;
using System.Runtime.Intrinsics;
using Course.Kernels;

namespace Course.Reference.Kernels;

// exp is taken of min(x, 0): the positive branch never needs it, and large positive x would overflow to infinity.

/// <summary>x if x &gt; 0, else alpha·(eˣ − 1), with an accurate eˣ − 1 (ELU is used around 0, where it matters).</summary>
public readonly struct EluOperator<T>(T alpha) : IUnaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? x : alpha * VectorMath.ExpMinusOne(x);

    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x,
        VectorMath.ExpMinusOne(Vector128.Min(x, Vector128<T>.Zero)) * alpha);

    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x,
        VectorMath.ExpMinusOne(Vector256.Min(x, Vector256<T>.Zero)) * alpha);

    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x,
        VectorMath.ExpMinusOne(Vector512.Min(x, Vector512<T>.Zero)) * alpha);
}

/// <summary>dx from (x, dy): dy if x &gt; 0, else dy·alpha·eˣ.</summary>
public readonly struct EluGradientOperator<T>(T alpha) : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x, T dy) => x > T.Zero ? dy : dy * alpha * T.Exp(x);

    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), dy,
        dy * VectorMath.Exp(Vector128.Min(x, Vector128<T>.Zero)) * alpha);

    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), dy,
        dy * VectorMath.Exp(Vector256.Min(x, Vector256<T>.Zero)) * alpha);

    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), dy,
        dy * VectorMath.Exp(Vector512.Min(x, Vector512<T>.Zero)) * alpha);
}
