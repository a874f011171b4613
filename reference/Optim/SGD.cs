using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>Plain stochastic gradient descent, <c>torch.optim.SGD(lr, weight_decay=λ)</c>: θ ← θ − η·g.</summary>
public sealed class SGD<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    // No buffers: only the step count, which the rule does not use.
    private readonly ParameterState<T> state;

    public SGD(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        WeightDecay = weightDecay;
        state = new ParameterState<T>(Parameters, buffersPerParameter: 0);
    }

    /// <summary>λ of the L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    public override void Step()
    {
        var rule = new Rule(T.CreateTruncating(-LearningRate));
        state.UpdateAll(rule, WeightDecay);
    }

    // param.add_(grad, alpha=-lr)
    private readonly struct Rule(T negativeLearningRate) : IUpdateRule<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref T theta, T g, ref T s, ref T r) => theta += negativeLearningRate * g;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> s, ref Vector<T> r) => theta += g * negativeLearningRate;
    }
}
