using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Course;

/// <summary>
/// Where the tensor library throws. Never inlined, so the throwing frame is always in this library even when the
/// JIT inlines the operation into the caller: the grader recognises the course's own messages (which name shapes
/// and are safe to show) by that frame. It also keeps the hot methods small.
/// </summary>
internal static class Throw
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Argument(string message) => throw new ArgumentException(message);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ArgumentOutOfRange(string name, string message) => throw new ArgumentOutOfRangeException(name, message);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static T InvalidOperation<T>(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void IndexOutOfRange(string message) => throw new IndexOutOfRangeException(message);
}
