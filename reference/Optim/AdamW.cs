using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// AdamW, <c>torch.optim.AdamW(lr, betas=(β₁, β₂), eps, weight_decay)</c>: θ ← θ·(1 − η·λ) first, then Adam's step
/// with the gradient itself. Decoupled from the gradient, the decay shrinks every weight by the same fraction,
/// however large its gradient history (Loshchilov and Hutter 2019).
/// </summary>
public sealed class AdamW<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    private readonly ParameterState<T> state;

    public AdamW(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2)
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

    /// <summary>λ, the fraction of each weight removed per unit of learning rate.</summary>
    public double WeightDecay { get; }

    internal ParameterState<T> State => state;

    public override void Step()
    {
        var keep = T.CreateTruncating(1 - LearningRate * WeightDecay);
        for (int i = 0; i < Parameters.Count; i++)
        {
            var rule = new DecoupledDecay(keep, new AdamRule<T>(LearningRate, Beta1, Beta2, Eps, state.Advance(i)));
            UpdateLoop.Run(Parameters[i].Value.Data, Parameters[i].Grad.Data, state.Buffer(0, i), state.Buffer(1, i), rule);
        }
    }

    // param.mul_(1 - lr * weight_decay), then Adam on the shrunk parameter, in the same pass.
    private readonly struct DecoupledDecay(T keep, AdamRule<T> adam) : IUpdateRule<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref T theta, T g, ref T m, ref T v)
        {
            theta *= keep;
            adam.Update(ref theta, g, ref m, ref v);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> m, ref Vector<T> v)
        {
            theta *= keep;
            adam.Update(ref theta, g, ref m, ref v);
        }
    }
}
