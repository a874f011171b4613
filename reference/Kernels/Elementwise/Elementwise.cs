using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Course.Reference.Kernels;

/// <summary>
/// The loop skeletons behind every custom element-wise kernel: the widest hardware-accelerated vector first, then a
/// scalar tail. Spans in, spans out, nothing allocated.
/// </summary>
/// <remarks>
/// The destination may be one of the inputs (in place) but must not overlap one partially: each element is read
/// before it is written at the same index, which is only safe when indices line up.
/// </remarks>
public static class Elementwise
{
    /// <summary>destination[i] = op(x[i]).</summary>
    public static void Map<T, TOperator>(ReadOnlySpan<T> x, Span<T> destination, TOperator op)
        where TOperator : struct, IUnaryOperator<T>
    {
        RequireDestination(x.Length, destination, x);
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ds = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length, i = 0;

        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + (nuint)Vector512<T>.Count <= length; i += (nuint)Vector512<T>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ds, i);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ds, i);
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i + (nuint)Vector128<T>.Count <= length; i += (nuint)Vector128<T>.Count)
                op.Invoke(Vector128.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ds, i);

        for (; i < length; i++) Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i));
    }

    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    public static void Map<T, TOperator>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOperator op)
        where TOperator : struct, IBinaryOperator<T>
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"The inputs have {x.Length} and {y.Length} elements; they must have the same number.");
        RequireDestination(x.Length, destination, x);
        RequireDestination(y.Length, destination, y);
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        ref T ds = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length, i = 0;

        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + (nuint)Vector512<T>.Count <= length; i += (nuint)Vector512<T>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i + (nuint)Vector128<T>.Count <= length; i += (nuint)Vector128<T>.Count)
                op.Invoke(Vector128.LoadUnsafe(ref xs, i), Vector128.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);

        for (; i < length; i++) Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
    }

    private static void RequireDestination<T>(int length, Span<T> destination, ReadOnlySpan<T> input)
    {
        if (destination.Length < length)
            throw new ArgumentException($"The destination has {destination.Length} elements; it needs {length}.");
        if (input.Overlaps(destination, out int offset) && offset != 0)
            throw new ArgumentException("The destination overlaps an input at a different offset; pass the same span to work in place.");
    }
}
