using System.Numerics;
using System.Runtime.Intrinsics;
using Course.Kernels;

namespace Course.Reference.Kernels;

// PyTorch's BCELoss conventions, so that the reference agrees with torch at the edges too: each log is clamped
// at −100 (a probability of exactly 0 or 1 gives a finite loss), and the gradient's denominator p(1 − p) is
// floored at 1e-12.

/// <summary>The per-element loss −[y·log p + (1 − y)·log(1 − p)] from (p, y).</summary>
public readonly struct BinaryCrossEntropyOperator<T> : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    private static T LogFloor => T.CreateChecked(-100);

    public T Invoke(T p, T y) => -(y * T.Max(T.Log(p), LogFloor) + (T.One - y) * T.Max(T.Log(T.One - p), LogFloor));

    public Vector128<T> Invoke(Vector128<T> p, Vector128<T> y)
    {
        var floor = Vector128.Create(LogFloor);
        var logP = Vector128.Max(VectorMath.Log(p), floor);
        var logQ = Vector128.Max(VectorMath.Log(Vector128<T>.One - p), floor);
        return -(y * logP + (Vector128<T>.One - y) * logQ);
    }

    public Vector256<T> Invoke(Vector256<T> p, Vector256<T> y)
    {
        var floor = Vector256.Create(LogFloor);
        var logP = Vector256.Max(VectorMath.Log(p), floor);
        var logQ = Vector256.Max(VectorMath.Log(Vector256<T>.One - p), floor);
        return -(y * logP + (Vector256<T>.One - y) * logQ);
    }

    public Vector512<T> Invoke(Vector512<T> p, Vector512<T> y)
    {
        var floor = Vector512.Create(LogFloor);
        var logP = Vector512.Max(VectorMath.Log(p), floor);
        var logQ = Vector512.Max(VectorMath.Log(Vector512<T>.One - p), floor);
        return -(y * logP + (Vector512<T>.One - y) * logQ);
    }
}

/// <summary>scale·(p − y) / p(1 − p) from (p, y): the derivative of the loss above, times the mean's 1/N.</summary>
public readonly struct BinaryCrossEntropyGradientOperator<T>(T scale) : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    private static T DenominatorFloor => T.CreateChecked(1e-12);

    public T Invoke(T p, T y) => scale * (p - y) / T.Max(p * (T.One - p), DenominatorFloor);

    public Vector128<T> Invoke(Vector128<T> p, Vector128<T> y) =>
        (p - y) * scale / Vector128.Max(p * (Vector128<T>.One - p), Vector128.Create(DenominatorFloor));

    public Vector256<T> Invoke(Vector256<T> p, Vector256<T> y) =>
        (p - y) * scale / Vector256.Max(p * (Vector256<T>.One - p), Vector256.Create(DenominatorFloor));

    public Vector512<T> Invoke(Vector512<T> p, Vector512<T> y) =>
        (p - y) * scale / Vector512.Max(p * (Vector512<T>.One - p), Vector512.Create(DenominatorFloor));
}
