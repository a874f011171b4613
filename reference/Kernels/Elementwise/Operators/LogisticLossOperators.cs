using System.Numerics;
using System.Runtime.Intrinsics;
using Course.Kernels;

namespace Course.Reference.Kernels;

/// <summary>
/// The per-element binary cross-entropy of sigmoid(x) against y, from (x, y), as softplus(x) − x·y: algebraically
/// −[y·log σ(x) + (1 − y)·log(1 − σ(x))], but finite for any logit because σ is never formed.
/// </summary>
public readonly struct LogisticLossOperator<T> : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => new SoftplusOperator<T>().Invoke(x) - x * y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => new SoftplusOperator<T>().Invoke(x) - x * y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => new SoftplusOperator<T>().Invoke(x) - x * y;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => new SoftplusOperator<T>().Invoke(x) - x * y;
}

/// <summary>
/// scale·(σ(x) − y) from (x, y). σ(x) = 1 / (1 + e⁻ˣ) saturates cleanly: e⁻ˣ = ∞ gives 0, e⁻ˣ = 0 gives 1.
/// </summary>
public readonly struct LogisticLossGradientOperator<T>(T scale) : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => scale * (T.One / (T.One + T.Exp(-x)) - y);
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => (Vector128<T>.One / (Vector128<T>.One + VectorMath.Exp(-x)) - y) * scale;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => (Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-x)) - y) * scale;
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => (Vector512<T>.One / (Vector512<T>.One + VectorMath.Exp(-x)) - y) * scale;
}
