using System.Runtime.Intrinsics;

namespace Course.Reference.Kernels;

/// <summary>
/// An element-wise function z = f(x, y) in scalar and vector forms, for
/// <see cref="Elementwise.Map{T, TOperator}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, TOperator)"/>.
/// </summary>
/// <remarks>Typically a backward rule: x is what the forward pass cached, y the upstream gradient.</remarks>
public interface IBinaryOperator<T>
{
    T Invoke(T x, T y);
    Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}
