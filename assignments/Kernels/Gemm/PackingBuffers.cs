using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Course.Kernels;

/// <summary>
/// Per-thread scratch for the packed A block and B panel of <see cref="GemmDriver{T, TKernel}"/>.
/// </summary>
/// <remarks>
/// Allocated once per thread and grown on demand, so a GEMM call allocates nothing in the steady state: fresh
/// multi-megabyte buffers would cost page faults on every call. The arrays live on the pinned object heap, so
/// their address never changes and no <c>fixed</c> is needed, and are 64-byte aligned so that every packed
/// micro-panel starts on a cache line. Thread-static because a GEMM running on another thread must not share them.
/// </remarks>
internal static unsafe class PackingBuffers
{
    private const int Alignment = 64;

    [ThreadStatic] private static byte[]? packedA;
    [ThreadStatic] private static byte[]? packedB;

    public static T* ForA<T>(nint count) where T : unmanaged => Rent<T>(ref packedA, count);

    public static T* ForB<T>(nint count) where T : unmanaged => Rent<T>(ref packedB, count);

    private static T* Rent<T>(ref byte[]? buffer, nint count) where T : unmanaged
    {
        nint bytes = count * sizeof(T) + Alignment;
        if (buffer is null || buffer.Length < bytes)
            buffer = GC.AllocateUninitializedArray<byte>(checked((int)bytes), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((address + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
