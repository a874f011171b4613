using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// Nesterov momentum in PyTorch's form, <c>torch.optim.SGD(lr, momentum=μ, nesterov=True, weight_decay=λ)</c>:
/// b ← μ·b + g, θ ← θ − η·(g + μ·b). The look-ahead is folded into the step, so no gradient is ever evaluated at a
/// shifted point (Sutskever et al. 2013's reformulation).
/// </summary>
public sealed class Nesterov<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    private readonly ParameterState<T> state;

    public Nesterov(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double momentum = 0.9, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.Positive(momentum, nameof(momentum), "Nesterov's look-ahead needs a momentum");
        HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        MomentumFactor = momentum;
        WeightDecay = weightDecay;
        state = new ParameterState<T>(Parameters, buffersPerParameter: 1);
    }

    /// <summary>μ, the weight of the previous velocity.</summary>
    public double MomentumFactor { get; }

    public double WeightDecay { get; }

    internal ParameterState<T> State => state;

    public override void Step()
    {
        var rule = new Rule(T.CreateTruncating(MomentumFactor), T.CreateTruncating(-LearningRate));
        for (int i = 0; i < Parameters.Count; i++)
        {
            state.Advance(i);
            UpdateLoop.Run(Parameters[i].Value.Data, Parameters[i].Grad.Data, state.Buffer(0, i), default, rule, WeightDecay);
        }
    }

    private readonly struct Rule(T momentum, T negativeLearningRate) : IUpdateRule<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref T theta, T g, ref T b, ref T r)
        {
            b = b * momentum + g;
            theta += negativeLearningRate * (g + momentum * b);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> b, ref Vector<T> r)
        {
            b = b * momentum + g;
            theta += (g + b * momentum) * negativeLearningRate;
        }
    }
}
