using System.Numerics;

namespace Course.Reference;

/// <summary>
/// Two axes of a row-major tensor exchanged, as five nested loops over the blocks between them rather than an
/// odometer per element: viewed as (outer, A, mid, B, inner) with the swapped axes of extents A and B, element
/// [o, p, m, q, ·] moves to [o, q, m, p, ·], and each inner run is copied whole.
/// </summary>
internal static class AxisSwap
{
    public static Tensor<T> Swap<T>(Tensor<T> x, int axis0, int axis1) where T : IFloatingPointIeee754<T>
    {
        int rank = x.Rank;
        int a = axis0 < 0 ? axis0 + rank : axis0, b = axis1 < 0 ? axis1 + rank : axis1;
        if (a > b) (a, b) = (b, a);
        var shape = x.Shape;
        if (a == b) return x.Clone();
        if (rank == 2) return x.Transpose(); // tiled, for large matrices

        int outer = Product(shape, 0, a), extentA = shape[a], mid = Product(shape, a + 1, b), extentB = shape[b];
        int inner = Product(shape, b + 1, rank);
        (shape[a], shape[b]) = (shape[b], shape[a]);
        var result = new Tensor<T>(shape);
        ReadOnlySpan<T> source = x.Data;
        Span<T> destination = result.Data;
        int d = 0;
        for (int o = 0; o < outer; o++)
            for (int q = 0; q < extentB; q++)
                for (int m = 0; m < mid; m++)
                    for (int p = 0; p < extentA; p++, d += inner)
                    {
                        int s = (((o * extentA + p) * mid + m) * extentB + q) * inner;
                        if (inner == 1) destination[d] = source[s];
                        else source.Slice(s, inner).CopyTo(destination.Slice(d, inner));
                    }
        return result;
    }

    private static int Product(int[] shape, int from, int to)
    {
        int product = 1;
        for (int i = from; i < to; i++) product *= shape[i];
        return product;
    }
}
