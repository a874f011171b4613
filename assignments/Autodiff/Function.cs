namespace Course;

/// <summary>
/// One differentiable operation: its forward computation and its vector-Jacobian product, as PyTorch's
/// <c>torch.autograd.Function</c>. Each graded operation of the autodiff homework is one subclass
/// (<c>AddOp&lt;T&gt;</c>, <c>MatMulOp&lt;T&gt;</c>, …); an <see cref="Engine{T}"/> strings them into a graph.
/// </summary>
/// <remarks>
/// The contract every operation keeps:
/// <list type="bullet">
/// <item><see cref="Forward"/> computes the output from the input values and keeps whatever <see cref="Backward"/>
/// needs in fields of the instance (a fresh instance is used for every node of a graph).</item>
/// <item><see cref="Backward"/> takes dL/dOutput (the output's shape) and returns dL/dInput for every input, in
/// input order, each with exactly that input's shape: where an input was broadcast, its gradient is summed back
/// over the broadcast axes.</item>
/// <item>Neither call modifies its arguments; callers do not change the inputs between the two calls.</item>
/// </list>
/// </remarks>
public abstract class Function<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>The output for the given input values (one for unary operations, two for binary ones).</summary>
    public abstract Tensor<T> Forward(params Tensor<T>[] inputs);

    /// <summary>dL/dInput for every input of the last <see cref="Forward"/>, given dL/dOutput.</summary>
    public abstract Tensor<T>[] Backward(Tensor<T> gradOutput);

    /// <summary>A short name for messages and graph drawings: the class name without "Op" and the generic suffix.</summary>
    public virtual string Name
    {
        get
        {
            string name = GetType().Name;
            int tick = name.IndexOf('`');
            if (tick >= 0) name = name[..tick];
            return name.EndsWith("Op", StringComparison.Ordinal) && name.Length > 2 ? name[..^2] : name;
        }
    }

    /// <summary>Throws unless exactly <paramref name="count"/> inputs were given; for the first line of a Forward.</summary>
    protected void ExpectInputs(Tensor<T>[] inputs, int count)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length != count)
            throw new ArgumentException($"{Name} takes {count} input(s), not {inputs.Length}.");
    }
}
