using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// SGD with heavy-ball momentum as PyTorch writes it, <c>torch.optim.SGD(lr, momentum=μ, weight_decay=λ)</c>:
/// b ← μ·b + g, θ ← θ − η·b. The velocity b is in units of the gradient, so a schedule's η applies to all of it.
/// </summary>
public sealed class Momentum<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    private readonly ParameterState<T> state;

    public Momentum(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double momentum = 0.9, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.NonNegative(momentum, nameof(momentum));
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

    // PyTorch's first step copies g into the buffer; starting from b = 0, μ·0 + g is exactly g, so one rule serves.
    private readonly struct Rule(T momentum, T negativeLearningRate) : IUpdateRule<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref T theta, T g, ref T b, ref T r)
        {
            b = b * momentum + g;
            theta += negativeLearningRate * b;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> b, ref Vector<T> r)
        {
            b = b * momentum + g;
            theta += b * negativeLearningRate;
        }
    }
}
