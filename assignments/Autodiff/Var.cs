namespace Course;

/// <summary>
/// A node of a computation graph: a value, the gradient of the output with respect to it, and how it was made
/// (the <see cref="Creator"/> function and the <see cref="Parents"/> it was applied to). Leaves are made with the
/// public constructor; every other node is made by <see cref="Engine{T}.Apply"/>.
/// </summary>
/// <remarks>
/// This type holds data only: the engine students write decides which nodes get parents, in which order gradients
/// flow and how they add up. Keeping the node in the contract lets the grader build the same graph over any
/// student's engine and any student's operations.
/// </remarks>
public sealed class Var<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>A leaf: an input or a parameter (<paramref name="requiresGrad"/> true) or a constant (false).</summary>
    public Var(Tensor<T> value, bool requiresGrad = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        RequiresGrad = requiresGrad;
        Name = name;
        Parents = [];
    }

    /// <summary>An interior node: <paramref name="creator"/> applied to <paramref name="parents"/> gave
    /// <paramref name="value"/>. It requires a gradient because some parent does.</summary>
    public Var(Tensor<T> value, Function<T> creator, IReadOnlyList<Var<T>> parents)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(creator);
        ArgumentNullException.ThrowIfNull(parents);
        Value = value;
        Creator = creator;
        Parents = parents;
        RequiresGrad = true;
    }

    public Tensor<T> Value { get; }

    /// <summary>dOutput/dThis after a backward pass; null before one reaches this node, and after <see cref="ZeroGrad"/>.</summary>
    public Tensor<T>? Grad { get; set; }

    /// <summary>True for parameters and inputs a gradient is wanted for, and for every node computed from one.</summary>
    public bool RequiresGrad { get; }

    /// <summary>The operation that made this node; null for a leaf.</summary>
    public Function<T>? Creator { get; }

    /// <summary>The nodes <see cref="Creator"/> was applied to, in input order; empty for a leaf.</summary>
    public IReadOnlyList<Var<T>> Parents { get; }

    public bool IsLeaf => Creator is null;

    /// <summary>An optional name for messages and drawings.</summary>
    public string? Name { get; set; }

    public int[] Shape => Value.Shape;

    /// <summary>Forgets the gradient, so the next backward pass starts from zero.</summary>
    public void ZeroGrad() => Grad = null;

    public override string ToString() =>
        $"{Name ?? Creator?.Name ?? (RequiresGrad ? "leaf" : "constant")} {Value.ShapeString}" + (Grad is null ? "" : " (has grad)");
}
