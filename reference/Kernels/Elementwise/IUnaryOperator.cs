using System.Runtime.Intrinsics;

namespace Course.Reference.Kernels;

/// <summary>
/// An element-wise function y = f(x) in scalar and vector forms, for <see cref="Elementwise.Map{T, TOperator}(ReadOnlySpan{T}, Span{T}, TOperator)"/>.
/// </summary>
/// <remarks>
/// The shape of TensorPrimitives' internal <c>IUnaryOperator</c>: the loop (widths, tails, aliasing) is written
/// once and each operation is a small struct. Instance rather than static members so an operator can carry a
/// parameter (a slope, a scale); the JIT specializes per struct and keeps such fields in registers.
/// </remarks>
public interface IUnaryOperator<T>
{
    T Invoke(T x);
    Vector128<T> Invoke(Vector128<T> x);
    Vector256<T> Invoke(Vector256<T> x);
    Vector512<T> Invoke(Vector512<T> x);
}
