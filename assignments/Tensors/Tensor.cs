using System.Numerics;

namespace Course;

/// <summary>
/// A dense, row-major tensor. The element type is any IEEE floating-point type: the course trains and times in
/// <c>float</c> and gradient-checks in <c>double</c>, so code written once against <c>T</c> serves both.
/// </summary>
/// <remarks>
/// Storage is a plain <c>T[]</c> (<see cref="Data"/>) so that kernels can work on spans without copies. Operations
/// that return a tensor allocate a new one; the <c>…InPlace</c> methods write into <c>this</c>.
/// </remarks>
public sealed partial class Tensor<T> where T : IFloatingPointIeee754<T>
{
    private readonly int[] shape;

    /// <summary>A tensor of zeros with the given shape.</summary>
    public Tensor(params int[] shape) : this(new T[CheckedLength(shape)], shape) { }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public Tensor(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int length = CheckedLength(shape);
        if (data.Length != length)
            Throw.Argument(
                $"Cannot view {data.Length} values as a tensor of shape {Format(shape)}, which holds {length}.");
        this.shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>The row-major storage. Element (i, j) of a 2-D tensor is <c>Data[i * Columns + j]</c>.</summary>
    public T[] Data { get; }

    /// <summary>The extent of each axis; a copy, so callers cannot reshape the tensor by accident.</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>The number of axes.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>Rows of a 2-D tensor (the batch axis by the course's convention).</summary>
    public int Rows => Rank == 2 ? shape[0] : Throw.InvalidOperation<int>($"Rows needs a 2-D tensor, not shape {ShapeString}.");

    /// <summary>Columns of a 2-D tensor (the feature axis by the course's convention).</summary>
    public int Columns => Rank == 2 ? shape[1] : Throw.InvalidOperation<int>($"Columns needs a 2-D tensor, not shape {ShapeString}.");

    /// <summary>The extent of axis <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => shape[NormalizeAxis(axis)];

    /// <summary>The shape as text, e.g. <c>(64, 10)</c>.</summary>
    public string ShapeString => Format(shape);

    public Span<T> AsSpan() => Data;

    /// <summary>The elements of row <paramref name="row"/> of a 2-D tensor, as a span over the storage.</summary>
    public Span<T> Row(int row)
    {
        int cols = Columns;
        if ((uint)row >= (uint)shape[0])
            Throw.IndexOutOfRange($"Row {row} is outside a tensor of shape {ShapeString}.");
        return Data.AsSpan(row * cols, cols);
    }

    public T this[int i]
    {
        get => Data[Offset(i)];
        set => Data[Offset(i)] = value;
    }

    public T this[int i, int j]
    {
        get => Data[Offset(i, j)];
        set => Data[Offset(i, j)] = value;
    }

    public T this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>True when both tensors have the same shape.</summary>
    public bool SameShape(Tensor<T> other) => shape.AsSpan().SequenceEqual(other.shape);

    /// <summary>A deep copy.</summary>
    public Tensor<T> Clone() => new((T[])Data.Clone(), shape);

    /// <summary>The same data under another shape (no copy). One extent may be -1 and is then inferred.</summary>
    public Tensor<T> Reshape(params int[] newShape)
    {
        int[] resolved = (int[])newShape.Clone();
        int inferred = Array.IndexOf(resolved, -1);
        if (inferred >= 0)
        {
            int known = 1;
            for (int i = 0; i < resolved.Length; i++) if (i != inferred) known *= resolved[i];
            if (known == 0 || Length % known != 0)
                Throw.Argument($"Cannot reshape a tensor of shape {ShapeString} to {Format(newShape)}.");
            resolved[inferred] = Length / known;
        }
        if (CheckedLength(resolved) != Length)
            Throw.Argument(
                $"Cannot reshape a tensor of shape {ShapeString} ({Length} values) to {Format(resolved)} ({CheckedLength(resolved)} values).");
        return new Tensor<T>(Data, resolved);
    }

    /// <summary>Converts every element to another floating-point type (e.g. float → double for a gradient check).</summary>
    public Tensor<TOther> Cast<TOther>() where TOther : IFloatingPointIeee754<TOther>
    {
        var result = new TOther[Length];
        for (int i = 0; i < result.Length; i++) result[i] = TOther.CreateTruncating(Data[i]);
        return new Tensor<TOther>(result, shape);
    }

    internal int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if ((uint)a >= (uint)Rank)
            Throw.ArgumentOutOfRange(nameof(axis), $"Axis {axis} does not exist in a tensor of shape {ShapeString}.");
        return a;
    }

    private int Offset(int i)
    {
        if (Rank != 1) Throw.Argument($"One index given for a tensor of shape {ShapeString}.");
        if ((uint)i >= (uint)shape[0]) Throw.IndexOutOfRange($"Index [{i}] is outside shape {ShapeString}.");
        return i;
    }

    private int Offset(int i, int j)
    {
        if (Rank != 2) Throw.Argument($"Two indices given for a tensor of shape {ShapeString}.");
        if ((uint)i >= (uint)shape[0] || (uint)j >= (uint)shape[1])
            Throw.IndexOutOfRange($"Index [{i}, {j}] is outside shape {ShapeString}.");
        return i * shape[1] + j;
    }

    private int Offset(int[] index)
    {
        if (index.Length != Rank)
            Throw.Argument($"{index.Length} indices given for a tensor of shape {ShapeString}.");
        int offset = 0;
        for (int axis = 0; axis < Rank; axis++)
        {
            if ((uint)index[axis] >= (uint)shape[axis])
                Throw.IndexOutOfRange($"Index {Format(index)} is outside shape {ShapeString}.");
            offset = offset * shape[axis] + index[axis];
        }
        return offset;
    }

    internal static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int extent in shape)
        {
            if (extent < 0) Throw.Argument($"Shape {Format(shape)} has a negative extent.");
            length *= extent;
            if (length > Array.MaxLength) Throw.Argument($"Shape {Format(shape)} is too large.");
        }
        return (int)length;
    }

    internal static string Format(int[] shape) => "(" + string.Join(", ", shape) + ")";
}
