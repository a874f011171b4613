using Course;

namespace Course.Tests.Reference.Autodiff;

/// <summary>
/// The autodiff operations' forward definitions as plain float64 loops over multi-indices: broadcasting by reading
/// index 0 along stretched axes, reductions by adding each input element into the output element it maps to. No
/// code shared with the reference.
/// </summary>
internal static class ScalarOps
{
    /// <summary>Every multi-index of <paramref name="shape"/> in row-major order (one empty index for shape ()).</summary>
    public static IEnumerable<int[]> Indices(int[] shape)
    {
        int length = 1;
        foreach (int e in shape) length *= e;
        for (int flat = 0; flat < length; flat++)
        {
            var index = new int[shape.Length];
            for (int axis = shape.Length - 1, rest = flat; axis >= 0; axis--)
            {
                index[axis] = rest % shape[axis];
                rest /= shape[axis];
            }
            yield return index;
        }
    }

    /// <summary>The element of <paramref name="t"/> that broadcasting places at <paramref name="index"/> of a
    /// larger shape: axes aligned at the end, index 0 on axes of extent 1.</summary>
    public static double Broadcast(Tensor<double> t, int[] index)
    {
        var shape = t.Shape;
        int offset = 0;
        for (int axis = 0; axis < shape.Length; axis++)
        {
            int i = index[index.Length - shape.Length + axis];
            offset = offset * shape[axis] + (shape[axis] == 1 ? 0 : i);
        }
        return t.Data[offset];
    }

    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            shape[i] = Math.Max(x, y);
        }
        return shape;
    }

    public static Tensor<double> Binary(Tensor<double> a, Tensor<double> b, Func<double, double, double> f)
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var result = new Tensor<double>(shape);
        int k = 0;
        foreach (var index in Indices(shape)) result.Data[k++] = f(Broadcast(a, index), Broadcast(b, index));
        return result;
    }

    public static Tensor<double> Unary(Tensor<double> a, Func<double, double> f)
    {
        var result = new Tensor<double>(a.Shape);
        for (int i = 0; i < a.Length; i++) result.Data[i] = f(a.Data[i]);
        return result;
    }

    public static Tensor<double> BroadcastTo(Tensor<double> a, int[] shape)
    {
        var result = new Tensor<double>(shape);
        int k = 0;
        foreach (var index in Indices(shape)) result.Data[k++] = Broadcast(a, index);
        return result;
    }

    public static Tensor<double> Sum(Tensor<double> x, int[]? axes, bool keepDims, bool mean = false)
    {
        var shape = x.Shape;
        var reduced = new bool[shape.Length];
        for (int axis = 0; axis < shape.Length; axis++)
            reduced[axis] = axes is null || axes.Any(a => (a + shape.Length) % shape.Length == axis);
        var outShape = new List<int>();
        int count = 1;
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (reduced[axis]) count *= shape[axis];
            if (!reduced[axis]) outShape.Add(shape[axis]);
            else if (keepDims) outShape.Add(1);
        }
        var result = new Tensor<double>(outShape.ToArray());
        int k = 0;
        foreach (var index in Indices(shape))
        {
            int offset = 0;
            for (int axis = 0, o = 0; axis < shape.Length; axis++)
            {
                if (reduced[axis] && !keepDims) continue;
                offset = offset * outShape[o] + (reduced[axis] ? 0 : index[axis]);
                o++;
            }
            result.Data[offset] += x.Data[k++];
        }
        if (mean) for (int i = 0; i < result.Length; i++) result.Data[i] /= count;
        return result;
    }

    public static Tensor<double> MatMul(Tensor<double> a, Tensor<double> b)
    {
        int n = a.Dim(0), k = a.Dim(1), m = b.Dim(1);
        var c = new Tensor<double>(n, m);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i, p] * b[p, j];
                c[i, j] = s;
            }
        return c;
    }

    public static Tensor<double> Transpose(Tensor<double> x, int axis0, int axis1)
    {
        int rank = x.Rank, a0 = (axis0 + rank) % rank, a1 = (axis1 + rank) % rank;
        var shape = x.Shape;
        (shape[a0], shape[a1]) = (shape[a1], shape[a0]);
        var result = new Tensor<double>(shape);
        foreach (var index in Indices(x.Shape))
        {
            var swapped = (int[])index.Clone();
            (swapped[a0], swapped[a1]) = (swapped[a1], swapped[a0]);
            result[swapped] = x[index];
        }
        return result;
    }

    /// <summary>x − max − log Σ e^(x − max) along <paramref name="axis"/>, one slice at a time.</summary>
    public static Tensor<double> LogSoftmax(Tensor<double> x, int axis)
    {
        int a = (axis + x.Rank) % x.Rank, extent = x.Dim(a);
        var result = new Tensor<double>(x.Shape);
        foreach (var index in Indices(x.Shape))
        {
            if (index[a] != 0) continue; // one visit per slice, at its first element
            var slice = new int[extent][];
            for (int e = 0; e < extent; e++) { slice[e] = (int[])index.Clone(); slice[e][a] = e; }
            double max = slice.Max(i => x[i]);
            double logSum = Math.Log(slice.Sum(i => Math.Exp(x[i] - max)));
            foreach (var i in slice) result[i] = x[i] - max - logSum;
        }
        return result;
    }
}
