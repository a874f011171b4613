using System.Numerics;
using System.Runtime.Intrinsics;

namespace Course.Reference.Kernels;

// Sigmoid and tanh have derivatives that are functions of their own output, so the backward pass needs only the
// cached output and no second transcendental evaluation.

/// <summary>dx from (s, dy) where s = sigmoid(x): dy·s·(1 − s).</summary>
public readonly struct SigmoidGradientOperator<T> : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T s, T dy) => dy * s * (T.One - s);
    public Vector128<T> Invoke(Vector128<T> s, Vector128<T> dy) => dy * s * (Vector128<T>.One - s);
    public Vector256<T> Invoke(Vector256<T> s, Vector256<T> dy) => dy * s * (Vector256<T>.One - s);
    public Vector512<T> Invoke(Vector512<T> s, Vector512<T> dy) => dy * s * (Vector512<T>.One - s);
}

/// <summary>dx from (t, dy) where t = tanh(x): dy·(1 − t²).</summary>
public readonly struct TanhGradientOperator<T> : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T t, T dy) => dy * (T.One - t * t);
    public Vector128<T> Invoke(Vector128<T> t, Vector128<T> dy) => dy * (Vector128<T>.One - t * t);
    public Vector256<T> Invoke(Vector256<T> t, Vector256<T> dy) => dy * (Vector256<T>.One - t * t);
    public Vector512<T> Invoke(Vector512<T> t, Vector512<T> dy) => dy * (Vector512<T>.One - t * t);
}
