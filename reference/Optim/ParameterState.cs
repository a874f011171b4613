using System.Numerics;

namespace Course.Reference;

/// <summary>
/// What an optimizer remembers about each of its parameters: a number of state buffers shaped like the parameter
/// (velocity, moment estimates) and the parameter's own step count, indexed by the parameter's position.
/// </summary>
/// <remarks>
/// Buffers are allocated on the first step, as PyTorch initialises <c>optimizer.state[p]</c> lazily, and start at
/// zero; every later step reuses them, so a training loop allocates nothing after its first step.
/// </remarks>
internal sealed class ParameterState<T> where T : IFloatingPointIeee754<T>
{
    private readonly IReadOnlyList<Parameter<T>> parameters;
    private readonly int buffersPerParameter;
    private T[][]? buffers;

    public ParameterState(IReadOnlyList<Parameter<T>> parameters, int buffersPerParameter)
    {
        this.parameters = parameters;
        this.buffersPerParameter = buffersPerParameter;
        Steps = new int[parameters.Count];
    }

    /// <summary>How many steps each parameter has taken.</summary>
    public int[] Steps { get; }

    /// <summary>Whether the first step has allocated the buffers.</summary>
    public bool IsAllocated => buffers is not null;

    /// <summary>Counts one more step for parameter <paramref name="index"/> and returns its number (1, 2, …).</summary>
    public int Advance(int index)
    {
        Allocate();
        return ++Steps[index];
    }

    /// <summary>State buffer <paramref name="slot"/> of parameter <paramref name="index"/>; empty if the rule keeps fewer.</summary>
    public Span<T> Buffer(int slot, int index)
    {
        if (slot >= buffersPerParameter) return Span<T>.Empty;
        Allocate();
        return buffers![slot * parameters.Count + index];
    }

    private void Allocate()
    {
        if (buffers is not null) return;
        var allocated = new T[buffersPerParameter * parameters.Count][];
        for (int slot = 0; slot < buffersPerParameter; slot++)
            for (int i = 0; i < parameters.Count; i++)
                allocated[slot * parameters.Count + i] = new T[parameters[i].Value.Length];
        buffers = allocated;
    }
}
