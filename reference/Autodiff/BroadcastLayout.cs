using System.Numerics;

namespace Course.Reference;

/// <summary>
/// How two operands are laid out along the axes of a broadcast result, with every run of axes that both walk
/// contiguously (or both stand still on) merged into one, so the loops over it touch the fewest, longest runs.
/// </summary>
/// <remarks>
/// After merging, the innermost axis of each operand has stride 1 (a span) or 0 (one value repeated), so each run
/// is one TensorPrimitives call: (3, 4) + (4) becomes three span + span calls, (3, 1) · (1, 4) three scalar · span
/// calls, a bias of shape (m) summed out of (n, m) n span additions. Strides of the outer axes are walked by an
/// odometer, never by dividing a flat index.
/// </remarks>
internal sealed class BroadcastLayout
{
    private BroadcastLayout(int[] extents, int[] stridesA, int[] stridesB)
    {
        Extents = extents;
        StridesA = stridesA;
        StridesB = stridesB;
    }

    /// <summary>The merged axes, outermost first; never empty (a scalar is one axis of extent 1).</summary>
    public int[] Extents { get; }

    /// <summary>Each operand's stride along the merged axes: 0 where it is broadcast.</summary>
    public int[] StridesA { get; }

    public int[] StridesB { get; }

    /// <summary>The length of one run: the innermost merged axis.</summary>
    public int Inner => Extents[^1];

    public int InnerStrideA => StridesA[^1];

    public int InnerStrideB => StridesB[^1];

    /// <summary>How many runs make up the result.</summary>
    public int Runs
    {
        get
        {
            int runs = 1;
            for (int axis = 0; axis < Extents.Length - 1; axis++) runs *= Extents[axis];
            return runs;
        }
    }

    /// <summary>The layout of operands of shapes <paramref name="a"/> and <paramref name="b"/> (each broadcastable to
    /// <paramref name="result"/>) along the axes of <paramref name="result"/>.</summary>
    public static BroadcastLayout Of(int[] result, int[] a, int[] b)
    {
        int[] stridesA = AlignedStrides(a, result.Length), stridesB = AlignedStrides(b, result.Length);
        var extents = new List<int>(result.Length);
        var mergedA = new List<int>(result.Length);
        var mergedB = new List<int>(result.Length);
        for (int axis = result.Length - 1; axis >= 0; axis--)
        {
            int extent = result[axis];
            if (extent == 1) continue; // contributes nothing to any offset
            int last = extents.Count - 1;
            if (last >= 0 && stridesA[axis] == mergedA[last] * extents[last] && stridesB[axis] == mergedB[last] * extents[last])
            {
                extents[last] *= extent;
                continue;
            }
            extents.Add(extent);
            mergedA.Add(stridesA[axis]);
            mergedB.Add(stridesB[axis]);
        }
        if (extents.Count == 0) return new BroadcastLayout([1], [0], [0]);
        extents.Reverse();
        mergedA.Reverse();
        mergedB.Reverse();
        return new BroadcastLayout([.. extents], [.. mergedA], [.. mergedB]);
    }

    /// <summary>Row-major strides of <paramref name="shape"/> seen through <paramref name="rank"/> axes aligned at the
    /// end: 0 on axes it lacks or has extent 1 on.</summary>
    private static int[] AlignedStrides(int[] shape, int rank)
    {
        var strides = new int[rank];
        for (int i = 1, stride = 1; i <= shape.Length; i++)
        {
            strides[^i] = shape[^i] == 1 ? 0 : stride;
            stride *= shape[^i];
        }
        return strides;
    }

    /// <summary>Walks the outer axes run by run, keeping both operands' offsets (an odometer; no division).</summary>
    public struct Cursor(BroadcastLayout layout)
    {
        private readonly int[] index = new int[layout.Extents.Length];

        public int OffsetA { get; private set; }

        public int OffsetB { get; private set; }

        /// <summary>Moves to the start of the next run.</summary>
        public void Next()
        {
            int[] extents = layout.Extents;
            for (int axis = extents.Length - 2; axis >= 0; axis--)
            {
                OffsetA += layout.StridesA[axis];
                OffsetB += layout.StridesB[axis];
                if (++index[axis] < extents[axis]) return;
                OffsetA -= layout.StridesA[axis] * extents[axis];
                OffsetB -= layout.StridesB[axis] * extents[axis];
                index[axis] = 0;
            }
        }
    }
}
