using System.Numerics;

namespace Course.Reference;

/// <summary>
/// Adam with bias correction, <c>torch.optim.Adam(lr, betas=(β₁, β₂), eps, weight_decay)</c>; weight decay here is
/// L2 (added to g before the moments), which the adaptive step then scales down for large-gradient weights.
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    private readonly ParameterState<T> state;

    public Adam(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.DecayRate(beta1, nameof(beta1));
        HyperParameter.DecayRate(beta2, nameof(beta2));
        HyperParameter.NonNegative(eps, nameof(eps));
        HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        (Beta1, Beta2, Eps, WeightDecay) = (beta1, beta2, eps, weightDecay);
        state = new ParameterState<T>(Parameters, buffersPerParameter: 2);
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    /// <summary>λ of the L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    internal ParameterState<T> State => state;

    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var rule = new AdamRule<T>(LearningRate, Beta1, Beta2, Eps, state.Advance(i));
            UpdateLoop.Run(Parameters[i].Value.Data, Parameters[i].Grad.Data, state.Buffer(0, i), state.Buffer(1, i), rule, WeightDecay);
        }
    }
}
