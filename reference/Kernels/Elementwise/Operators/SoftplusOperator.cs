using System.Numerics;
using System.Runtime.Intrinsics;
using Course.Kernels;

namespace Course.Reference.Kernels;

/// <summary>
/// softplus(x) = log(1 + eˣ), evaluated as max(x, 0) + log1p(e^−|x|): the exponent is never positive, so nothing
/// overflows for any x, and the accurate log1p keeps the tiny values of large negative x.
/// </summary>
public readonly struct SoftplusOperator<T> : IUnaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Max(x, T.Zero) + VectorMath.LogOnePlus(T.Exp(-T.Abs(x)));

    public Vector128<T> Invoke(Vector128<T> x) =>
        Vector128.Max(x, Vector128<T>.Zero) + VectorMath.LogOnePlus(VectorMath.Exp(-Vector128.Abs(x)));

    public Vector256<T> Invoke(Vector256<T> x) =>
        Vector256.Max(x, Vector256<T>.Zero) + VectorMath.LogOnePlus(VectorMath.Exp(-Vector256.Abs(x)));

    public Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.Max(x, Vector512<T>.Zero) + VectorMath.LogOnePlus(VectorMath.Exp(-Vector512.Abs(x)));
}
