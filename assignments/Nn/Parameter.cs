namespace Course;

/// <summary>A learnable tensor and the gradient of the loss with respect to it (same shape).</summary>
public sealed class Parameter<T> where T : IFloatingPointIeee754<T>
{
    public Parameter(string name, Tensor<T> value)
    {
        Name = name;
        Value = value;
        Grad = Tensor<T>.ZerosLike(value);
    }

    /// <summary>A name for messages, e.g. "weight" or "bias".</summary>
    public string Name { get; }

    public Tensor<T> Value { get; }

    /// <summary>dL/dValue, accumulated by <see cref="Module{T}.Backward"/> until <see cref="Module{T}.ZeroGrad"/>.</summary>
    public Tensor<T> Grad { get; }

    public override string ToString() => $"{Name} {Value.ShapeString}";
}
