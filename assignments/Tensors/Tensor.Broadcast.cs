namespace Course;

// NumPy's broadcasting rules, for the autodiff homework: shapes are aligned at their last axes, and an axis of
// extent 1 (or a missing leading axis) stretches to match the other. Only the forward direction is here; summing
// a gradient back over the stretched axes is the students' part.
public sealed partial class Tensor<T>
{
    /// <summary>The shape two operands broadcast to, e.g. (4, 1, 3) and (5, 3) → (4, 5, 3).</summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int x = i <= a.Length ? a[^i] : 1, y = i <= b.Length ? b[^i] : 1;
            if (x != y && x != 1 && y != 1)
                Throw.Argument(
                    $"Shapes {Format(a)} and {Format(b)} do not broadcast: axis {rank - i} has extents {x} and {y}; " +
                    "extents must be equal or one of them 1.");
            result[^i] = x == 1 ? y : x;
        }
        return result;
    }

    /// <summary>A new tensor of shape <paramref name="target"/> holding this one repeated along its broadcast axes.</summary>
    public Tensor<T> BroadcastTo(params int[] target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!BroadcastShape(shape, target).AsSpan().SequenceEqual(target))
            Throw.Argument($"A tensor of shape {ShapeString} cannot be broadcast to {Format(target)}.");
        var result = new Tensor<T>(target);
        if (SameShape(result)) { Data.AsSpan().CopyTo(result.Data); return result; }

        // Strides of this tensor seen through the target's axes: 0 on every stretched (or missing) axis.
        int rank = target.Length;
        var strides = new int[rank];
        for (int i = 1, stride = 1; i <= Rank; i++)
        {
            strides[^i] = shape[^i] == 1 ? 0 : stride;
            stride *= shape[^i];
        }
        // The innermost axis is copied as a run when it is not stretched, or filled with one value when it is.
        int inner = rank == 0 ? 1 : target[^1];
        int innerStride = rank == 0 ? 0 : strides[^1];
        var index = new int[rank];
        for (int start = 0; start < result.Length; start += inner)
        {
            int source = 0;
            for (int axis = 0; axis < rank - 1; axis++) source += index[axis] * strides[axis];
            var destination = result.Data.AsSpan(start, inner);
            if (innerStride == 0) destination.Fill(Data[source]);
            else Data.AsSpan(source, inner).CopyTo(destination);
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                if (++index[axis] < target[axis]) break;
                index[axis] = 0;
            }
        }
        return result;
    }

    /// <summary>A new tensor with axes <paramref name="axis0"/> and <paramref name="axis1"/> exchanged (negative
    /// axes count from the end); for a matrix, <c>SwapAxes(0, 1)</c> is the transpose.</summary>
    public Tensor<T> SwapAxes(int axis0, int axis1)
    {
        int a = NormalizeAxis(axis0), b = NormalizeAxis(axis1);
        if (a == b) return Clone();
        if (Rank == 2) return Transpose();
        var targetShape = Shape;
        (targetShape[a], targetShape[b]) = (targetShape[b], targetShape[a]);
        var result = new Tensor<T>(targetShape);
        var sourceStrides = new int[Rank];
        for (int i = Rank - 1, stride = 1; i >= 0; i--) { sourceStrides[i] = stride; stride *= shape[i]; }
        (sourceStrides[a], sourceStrides[b]) = (sourceStrides[b], sourceStrides[a]);
        var index = new int[Rank];
        for (int k = 0; k < result.Length; k++)
        {
            int source = 0;
            for (int axis = 0; axis < Rank; axis++) source += index[axis] * sourceStrides[axis];
            result.Data[k] = Data[source];
            for (int axis = Rank - 1; axis >= 0; axis--)
            {
                if (++index[axis] < targetShape[axis]) break;
                index[axis] = 0;
            }
        }
        return result;
    }
}
