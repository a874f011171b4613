using System.Numerics;
using System.Runtime.Intrinsics;

namespace Course.Reference.Kernels;

/// <summary>x if x &gt; 0, else slope·x.</summary>
public readonly struct LeakyReluOperator<T>(T slope) : IUnaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? x : slope * x;
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, x * slope);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, x * slope);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, x * slope);
}

/// <summary>
/// dx from (x, dy): dy if x &gt; 0, else slope·dy. With slope 0 and the forward output in place of x it is ReLU's
/// backward rule, since relu(x) &gt; 0 exactly when x &gt; 0.
/// </summary>
public readonly struct LeakyReluGradientOperator<T>(T slope) : IBinaryOperator<T> where T : IFloatingPointIeee754<T>
{
    public T Invoke(T x, T dy) => x > T.Zero ? dy : slope * dy;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), dy, dy * slope);
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), dy, dy * slope);
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), dy, dy * slope);
}
