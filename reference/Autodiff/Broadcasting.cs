using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>A binary element-wise operation in the three forms a broadcast run needs: span with span, span with
/// one value, one value with span (the non-commutative ones need both), plus a scalar form.</summary>
internal interface IBroadcastOperator<T>
{
    static abstract void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);
    static abstract void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination);
    static abstract void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination);
    static abstract T Invoke(T x, T y);
}

/// <summary>
/// NumPy broadcasting for the autodiff operations: a binary operation evaluated on the broadcast shape, and its
/// adjoint, summing a gradient back to an operand's shape.
/// </summary>
internal static class Broadcasting
{
    /// <summary>The shape <paramref name="a"/> and <paramref name="b"/> broadcast to; the message names the operation.</summary>
    public static int[] Shape<T>(string operation, Tensor<T> a, Tensor<T> b) where T : IFloatingPointIeee754<T>
    {
        try { return Tensor<T>.BroadcastShape(a.Shape, b.Shape); }
        catch (ArgumentException e) { throw new ArgumentException($"{operation}: {e.Message}", e); }
    }

    /// <summary>op(a, b) on the broadcast shape <paramref name="shape"/>, one TensorPrimitives call per run.</summary>
    public static Tensor<T> Apply<T, TOperator>(Tensor<T> a, Tensor<T> b, int[] shape)
        where T : IFloatingPointIeee754<T>
        where TOperator : IBroadcastOperator<T>
    {
        var result = new Tensor<T>(shape);
        ReadOnlySpan<T> x = a.Data, y = b.Data;
        Span<T> destination = result.Data;
        if (x.Length == destination.Length && y.Length == destination.Length)
        {
            // Equal shapes (or shapes that differ only by axes of extent 1): one call over everything.
            TOperator.Invoke(x, y, destination);
            return result;
        }

        var layout = BroadcastLayout.Of(shape, a.Shape, b.Shape);
        var cursor = new BroadcastLayout.Cursor(layout);
        int inner = layout.Inner, runs = layout.Runs;
        bool spanA = layout.InnerStrideA != 0, spanB = layout.InnerStrideB != 0;
        for (int run = 0, start = 0; run < runs; run++, start += inner)
        {
            Span<T> output = destination.Slice(start, inner);
            if (spanA && spanB) TOperator.Invoke(x.Slice(cursor.OffsetA, inner), y.Slice(cursor.OffsetB, inner), output);
            else if (spanA) TOperator.Invoke(x.Slice(cursor.OffsetA, inner), y[cursor.OffsetB], output);
            else if (spanB) TOperator.Invoke(x[cursor.OffsetA], y.Slice(cursor.OffsetB, inner), output);
            else output.Fill(TOperator.Invoke(x[cursor.OffsetA], y[cursor.OffsetB]));
            cursor.Next();
        }
        return result;
    }

    /// <summary>
    /// <paramref name="gradient"/> summed over the axes along which an operand of shape <paramref name="shape"/> was
    /// broadcast (leading axes it lacks included), so it has that shape: the backward rule of every broadcast. The
    /// gradient itself when nothing was broadcast; otherwise a new tensor.
    /// </summary>
    public static Tensor<T> SumTo<T>(Tensor<T> gradient, int[] shape) where T : IFloatingPointIeee754<T>
    {
        int[] source = gradient.Shape;
        if (source.AsSpan().SequenceEqual(shape)) return gradient;
        if (shape.Length > source.Length || !Tensor<T>.BroadcastShape(source, shape).AsSpan().SequenceEqual(source))
            throw new ArgumentException(
                $"A gradient of shape {Format(source)} cannot be summed to shape {Format(shape)}: that shape does not broadcast to it.");

        var result = new Tensor<T>(shape);
        ReadOnlySpan<T> values = gradient.Data;
        Span<T> sums = result.Data;
        var layout = BroadcastLayout.Of(source, source, shape);
        var cursor = new BroadcastLayout.Cursor(layout);
        int inner = layout.Inner, runs = layout.Runs;
        bool spread = layout.InnerStrideB != 0;
        for (int run = 0, start = 0; run < runs; run++, start += inner)
        {
            // The gradient is contiguous, so its run starts at `start`; the target either has a run of its own
            // there (add the two runs) or one element standing for the whole run (add the run's sum).
            ReadOnlySpan<T> runValues = values.Slice(start, inner);
            if (spread)
            {
                Span<T> target = sums.Slice(cursor.OffsetB, inner);
                TensorPrimitives.Add(target, runValues, target);
            }
            else sums[cursor.OffsetB] += TensorPrimitives.Sum(runValues);
            cursor.Next();
        }
        return result;
    }

    public static string Format(int[] shape) => "(" + string.Join(", ", shape) + ")";
}
