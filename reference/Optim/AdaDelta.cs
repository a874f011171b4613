using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// AdaDelta as <c>torch.optim.Adadelta(lr, rho, eps, weight_decay)</c>: v ← ρ·v + (1 − ρ)·g²,
/// Δ = √(u + ε) / √(v + ε) · g, u ← ρ·u + (1 − ρ)·Δ², θ ← θ − η·Δ. The ratio of the two running RMS values gives
/// the step its units, so η = 1 by default (Zeiler 2012).
/// </summary>
public sealed class AdaDelta<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    private readonly ParameterState<T> state;

    public AdaDelta(IEnumerable<Parameter<T>> parameters, double learningRate = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.Fraction(rho, nameof(rho));
        HyperParameter.NonNegative(eps, nameof(eps));
        HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        Rho = rho;
        Eps = eps;
        WeightDecay = weightDecay;
        state = new ParameterState<T>(Parameters, buffersPerParameter: 2);
    }

    /// <summary>ρ, the weight of the previous mean squares of gradient and step.</summary>
    public double Rho { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    internal ParameterState<T> State => state;

    public override void Step()
    {
        var rule = new Rule(T.CreateTruncating(Rho), T.CreateTruncating(1 - Rho), T.CreateTruncating(Eps), T.CreateTruncating(-LearningRate));
        for (int i = 0; i < Parameters.Count; i++)
        {
            state.Advance(i);
            UpdateLoop.Run(Parameters[i].Value.Data, Parameters[i].Grad.Data, state.Buffer(0, i), state.Buffer(1, i), rule, WeightDecay);
        }
    }

    // square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho); std = square_avg.add(eps).sqrt_();
    // delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad); acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho);
    // param.add_(delta, alpha=-lr)
    private readonly struct Rule(T rho, T oneMinusRho, T eps, T negativeLearningRate) : IUpdateRule<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref T theta, T g, ref T v, ref T u)
        {
            v = v * rho + oneMinusRho * g * g;
            T delta = T.Sqrt(u + eps) / T.Sqrt(v + eps) * g;
            u = u * rho + oneMinusRho * delta * delta;
            theta += negativeLearningRate * delta;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> v, ref Vector<T> u)
        {
            var epsilon = new Vector<T>(eps);
            v = v * rho + g * oneMinusRho * g;
            var delta = Vector.SquareRoot(u + epsilon) / Vector.SquareRoot(v + epsilon) * g;
            u = u * rho + delta * oneMinusRho * delta;
            theta += delta * negativeLearningRate;
        }
    }
}
