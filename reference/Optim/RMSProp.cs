using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// RMSProp as <c>torch.optim.RMSProp(lr, alpha, eps, weight_decay)</c> (not centred, no momentum):
/// v ← α·v + (1 − α)·g², θ ← θ − η·g / (√v + ε). No bias correction: v starts at 0, so early steps are large.
/// </summary>
public sealed class RMSProp<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    private readonly ParameterState<T> state;

    public RMSProp(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.NonNegative(alpha, nameof(alpha));
        HyperParameter.NonNegative(eps, nameof(eps));
        HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        Alpha = alpha;
        Eps = eps;
        WeightDecay = weightDecay;
        state = new ParameterState<T>(Parameters, buffersPerParameter: 1);
    }

    /// <summary>α, the weight of the previous mean square.</summary>
    public double Alpha { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    internal ParameterState<T> State => state;

    public override void Step()
    {
        var rule = new Rule(T.CreateTruncating(Alpha), T.CreateTruncating(1 - Alpha), T.CreateTruncating(Eps), T.CreateTruncating(-LearningRate));
        for (int i = 0; i < Parameters.Count; i++)
        {
            state.Advance(i);
            UpdateLoop.Run(Parameters[i].Value.Data, Parameters[i].Grad.Data, state.Buffer(0, i), default, rule, WeightDecay);
        }
    }

    // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha); param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
    private readonly struct Rule(T alpha, T oneMinusAlpha, T eps, T negativeLearningRate) : IUpdateRule<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref T theta, T g, ref T v, ref T r)
        {
            v = v * alpha + oneMinusAlpha * g * g;
            theta += negativeLearningRate * g / (T.Sqrt(v) + eps);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> v, ref Vector<T> r)
        {
            v = v * alpha + g * oneMinusAlpha * g;
            theta += g * negativeLearningRate / (Vector.SquareRoot(v) + new Vector<T>(eps));
        }
    }
}
