using System.Numerics;

namespace Course.Reference;

/// <summary>Argument checks whose messages name the layer and both shapes, so a shape bug is found from the message.</summary>
internal static class Require
{
    public static void SameShape<T>(string owner, Tensor<T> actual, Tensor<T> expected, string actualName, string expectedName)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(actual, actualName);
        if (!actual.SameShape(expected))
            throw new ArgumentException(
                $"{owner}: {actualName} has shape {actual.ShapeString} but {expectedName} has shape {expected.ShapeString}; they must be equal.");
    }

    /// <summary>For Backward: dL/dY must have the shape Forward returned.</summary>
    public static void GradientShape<T>(string owner, Tensor<T> gradOutput, int[] outputShape) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!gradOutput.Shape.AsSpan().SequenceEqual(outputShape))
            throw new ArgumentException(
                $"{owner}: the gradient has shape {gradOutput.ShapeString} but the last Forward returned shape ({string.Join(", ", outputShape)}).");
    }

    public static void Matrix<T>(string owner, Tensor<T> input, int columns, string columnsMeaning) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Dim(1) != columns)
            throw new ArgumentException(
                $"{owner}: expected a batch of shape (N, {columns}) ({columnsMeaning}), got {input.ShapeString}.");
    }

    public static int RowLength<T>(string owner, Tensor<T> input) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Dim(-1) == 0)
            throw new ArgumentException($"{owner}: expected rows of at least one value, got shape {input.ShapeString}.");
        return input.Dim(-1);
    }
}
