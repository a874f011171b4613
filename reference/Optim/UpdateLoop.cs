using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Course.Reference;

/// <summary>
/// The loop skeleton every optimizer runs on: one fused pass over a parameter, its gradient and its state, a
/// <see cref="Vector{T}"/> at a time, then a scalar tail. Nothing is allocated.
/// </summary>
/// <remarks>
/// Optimizer steps are bound by memory traffic (Adam reads four arrays and writes three), so what matters is
/// reading each array once: PyTorch's single-tensor code makes one pass per operation, this makes one in all.
/// </remarks>
internal static class UpdateLoop
{
    /// <summary>Applies <paramref name="rule"/> to every element; an unused state is an empty span.</summary>
    public static void Run<T, TRule>(Span<T> theta, ReadOnlySpan<T> grad, Span<T> s, Span<T> r, TRule rule)
        where T : IFloatingPointIeee754<T> where TRule : struct, IUpdateRule<T>
    {
        RequireLength(theta.Length, grad.Length, "gradient");
        if (!s.IsEmpty) RequireLength(theta.Length, s.Length, "state");
        if (!r.IsEmpty) RequireLength(theta.Length, r.Length, "state");
        if (UpdateLoopThreadSplit.ThreadsForUpdate<T>(theta.Length) > 1)
            UpdateLoopThreadSplit.Run(theta, grad, s, r, rule);
        else
            RunOnThisThread(theta, grad, s, r, rule);
    }

    /// <summary><see cref="Run{T, TRule}(Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, TRule)"/> on the calling thread, lengths already checked.</summary>
    internal static void RunOnThisThread<T, TRule>(Span<T> theta, ReadOnlySpan<T> grad, Span<T> s, Span<T> r, TRule rule)
        where T : IFloatingPointIeee754<T> where TRule : struct, IUpdateRule<T>
    {
        ref T t0 = ref MemoryMarshal.GetReference(theta);
        ref T g0 = ref MemoryMarshal.GetReference(grad);
        // A rule without this state never dereferences it; θ's storage stands in so the reference stays valid.
        ref T s0 = ref s.IsEmpty ? ref t0 : ref MemoryMarshal.GetReference(s);
        ref T r0 = ref r.IsEmpty ? ref t0 : ref MemoryMarshal.GetReference(r);
        nuint length = (nuint)theta.Length, i = 0;

        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (nuint width = (nuint)Vector<T>.Count; i + width <= length; i += width)
                rule.Update(ref AsVector(ref t0, i), Vector.LoadUnsafe(ref g0, i), ref AsVector(ref s0, i), ref AsVector(ref r0, i));

        for (; i < length; i++)
            rule.Update(ref Unsafe.Add(ref t0, i), Unsafe.Add(ref g0, i), ref Unsafe.Add(ref s0, i), ref Unsafe.Add(ref r0, i));
    }

    /// <summary><see cref="Run"/> with PyTorch's L2 weight decay, g + λ·θ, folded into the pass when λ ≠ 0.</summary>
    public static void Run<T, TRule>(Span<T> theta, ReadOnlySpan<T> grad, Span<T> s, Span<T> r, TRule rule, double weightDecay)
        where T : IFloatingPointIeee754<T> where TRule : struct, IUpdateRule<T>
    {
        // PyTorch skips the addition when λ = 0, which matters for an infinite θ (0·∞ is NaN).
        if (weightDecay == 0) Run(theta, grad, s, r, rule);
        else Run(theta, grad, s, r, new L2Penalty<T, TRule>(rule, T.CreateTruncating(weightDecay)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Vector<T> AsVector<T>(ref T start, nuint offset) => ref Unsafe.As<T, Vector<T>>(ref Unsafe.Add(ref start, offset));

    private static void RequireLength(int expected, int actual, string what)
    {
        if (actual != expected) ThrowLengthMismatch(expected, actual, what);
    }

    // Out of line so that the message formatting stays out of every specialised loop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLengthMismatch(int expected, int actual, string what) =>
        throw new ArgumentException($"The {what} has {actual} elements but the parameter has {expected}.");
}
