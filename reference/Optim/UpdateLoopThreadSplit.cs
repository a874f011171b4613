using System.Numerics;
using System.Runtime.CompilerServices;
using Course.Kernels;

namespace Course.Reference;

/// <summary>
/// <see cref="UpdateLoop"/> over <see cref="KernelThreads.Count"/> threads (benchmarks only; grading uses one): each
/// thread updates its own contiguous chunk of the parameter, its gradient and its state.
/// </summary>
/// <remarks>
/// Every element gets the same rule and is independent of the others, and chunk edges fall on multiples of the
/// vector width, so each element takes the same vector or scalar path as on one thread: the result is bit-identical.
/// </remarks>
internal static unsafe class UpdateLoopThreadSplit
{
    /// <summary>Elements below which a second thread's start-up (a few microseconds) outweighs its share.</summary>
    private const int MinimumElementsPerThread = 1 << 16;

    public static int ThreadsForUpdate<T>(int length) => KernelThreads.For(length, MinimumElementsPerThread, int.MaxValue);

    public static void Run<T, TRule>(Span<T> theta, ReadOnlySpan<T> grad, Span<T> s, Span<T> r, TRule rule)
        where T : IFloatingPointIeee754<T> where TRule : struct, IUpdateRule<T>
    {
        int length = theta.Length, threads = ThreadsForUpdate<T>(length), width = Vector<T>.Count;
        int chunk = (length / threads + width - 1) / width * width;
        // Spans cannot cross into another thread; pinned addresses can. T is a float type, so no references move.
        fixed (byte* pTheta = &Unsafe.As<T, byte>(ref theta.GetPinnableReference()))
        fixed (byte* pGrad = &Unsafe.As<T, byte>(ref Unsafe.AsRef(in grad.GetPinnableReference())))
        fixed (byte* pS = &Unsafe.As<T, byte>(ref s.GetPinnableReference()))
        fixed (byte* pR = &Unsafe.As<T, byte>(ref r.GetPinnableReference()))
        {
            nint thetaAddress = (nint)pTheta, gradAddress = (nint)pGrad, sAddress = (nint)pS, rAddress = (nint)pR;
            int sLength = s.Length, rLength = r.Length;
            KernelParallel.For(threads, part =>
            {
                int start = Math.Min(length, part * chunk), count = Math.Min(length, start + chunk) - start;
                UpdateLoop.RunOnThisThread(
                    Slice<T>(thetaAddress, length, start, count), Slice<T>(gradAddress, length, start, count),
                    Slice<T>(sAddress, sLength, start, count), Slice<T>(rAddress, rLength, start, count), rule);
            });
        }
    }

    // An unused state stays empty in every chunk, as the serial loop expects.
    private static Span<T> Slice<T>(nint address, int length, int start, int count) =>
        length == 0 ? Span<T>.Empty : new Span<T>((byte*)address + (nint)start * Unsafe.SizeOf<T>(), count);
}
