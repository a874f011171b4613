using BenchmarkDotNet.Attributes;
using Course.Reference;

namespace Course.TorchBenchmarks;

/// <summary>One <c>Step()</c> over 1,000,000 parameters (PyTorch: torch.optim.Adam and SGD with their defaults but lr).</summary>
public class OptimizerBenchmark : ThreadedBenchmark
{
    private Adam<float> adam = null!;
    private SGD<float> sgd = null!;

    protected override void Prepare()
    {
        var random = new Random(1);
        Parameter<float>[] Parameters() => Shapes.OptimizerParameters.Select((shape, i) =>
        {
            var parameter = new Parameter<float>($"p{i}", Tensor<float>.RandomNormal(random, 0, 0.05, shape));
            parameter.Grad.CopyFrom(Tensor<float>.RandomNormal(random, 0, 0.01, shape));
            return parameter;
        }).ToArray();
        adam = new Adam<float>(Parameters(), Shapes.LearningRate);
        sgd = new SGD<float>(Parameters(), Shapes.LearningRate);
    }

    [Benchmark]
    public void AdamStep() => adam.Step();

    [Benchmark]
    public void SgdStep() => sgd.Step();
}
