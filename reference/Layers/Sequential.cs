using System.Numerics;

namespace Course.Reference;

/// <summary>Layers applied in order; backward runs them in reverse and the parameters are listed layer by layer.</summary>
public sealed class Sequential<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly Module<T>[] layers;

    public Sequential(params Module<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        for (int i = 0; i < layers.Length; i++)
            if (layers[i] is null) throw new ArgumentNullException(nameof(layers), $"Layer {i} of the Sequential is null.");
        this.layers = (Module<T>[])layers.Clone();
    }

    public IReadOnlyList<Module<T>> Layers => layers;

    public override Tensor<T> Forward(Tensor<T> input)
    {
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var gradient = gradOutput;
        for (int i = layers.Length - 1; i >= 0; i--) gradient = layers[i].Backward(gradient);
        return gradient;
    }

    public override IEnumerable<Parameter<T>> Parameters() => layers.SelectMany(layer => layer.Parameters());

    public override void SetTraining(bool training)
    {
        base.SetTraining(training);
        foreach (var layer in layers) layer.SetTraining(training);
    }
}
