using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>Plain stochastic gradient descent, <c>torch.optim.SGD(lr, weight_decay=λ)</c>: θ ← θ − η·g.</summary>
public sealed class SGD<T> : Optimizer<T> where T : IFloatingPointIeee754<T>
{
    public SGD(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        HyperParameter.DistinctParameters(Parameters);
        HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
        WeightDecay = weightDecay;
    }

    /// <summary>λ of the L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    public override void Step()
    {
        var rule = new Rule(T.CreateTruncating(-LearningRate));
        foreach (var parameter in Parameters)
            UpdateLoop.Run(parameter.Value.Data, parameter.Grad.Data, default, default, rule, WeightDecay);
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
