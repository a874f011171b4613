using BenchmarkDotNet.Attributes;
using Course.Reference;

namespace Course.TorchBenchmarks;

/// <summary>
/// The MLP's first layer, forward and backward with dX, dW and db (PyTorch: an input that requires grad); the weight's
/// gradient accumulates on both sides.
/// </summary>
public class LinearBenchmark : ThreadedBenchmark
{
    private Linear<float> layer = null!;
    private Tensor<float> input = null!, upstream = null!;

    protected override void Prepare()
    {
        var random = new Random(1);
        layer = new Linear<float>(Shapes.InFeatures, Shapes.Hidden, random);
        input = Tensor<float>.RandomUniform(random, 0, 1, Shapes.Batch, Shapes.InFeatures);
        upstream = Tensor<float>.RandomUniform(random, 0, 1, Shapes.Batch, Shapes.Hidden);
    }

    [Benchmark]
    public Tensor<float> Linear()
    {
        layer.Forward(input);
        return layer.Backward(upstream);
    }
}
