using System.Numerics;

namespace Course.Reference;

/// <summary>The check at the top of every Backward, kept off the hot path's allocations: a function's
/// <see cref="Function{T}.Name"/> builds a string, so it is read only when the check fails.</summary>
internal static class GradientCheck
{
    /// <summary>Throws unless dL/dy has the shape the last Forward returned.</summary>
    public static void RequireShape<T>(Function<T> function, Tensor<T> gradOutput, int[] outputShape)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (gradOutput.Rank == outputShape.Length)
        {
            int axis = 0;
            while (axis < outputShape.Length && gradOutput.Dim(axis) == outputShape[axis]) axis++;
            if (axis == outputShape.Length) return;
        }
        Require.GradientShape(function.Name, gradOutput, outputShape);
    }
}
