using BenchmarkDotNet.Attributes;
using Course.Reference;

namespace Course.TorchBenchmarks;

/// <summary>Softmax cross-entropy forward and backward on one-hot targets (PyTorch: probability targets, 1.13's F.cross_entropy).</summary>
public class CrossEntropyBenchmark : ThreadedBenchmark
{
    private readonly SoftmaxCrossEntropyLoss<float> loss = new();
    private Tensor<float> logits = null!, targets = null!;

    [Params("128x10", "256x1000")]
    public string Shape { get; set; } = "";

    protected override void Prepare()
    {
        var (rows, classes) = Shapes.CrossEntropy.Single(s => Shapes.CrossEntropyShape(s.Rows, s.Classes) == Shape);
        var random = new Random(1);
        logits = Tensor<float>.RandomNormal(random, 0, 1, rows, classes);
        var labels = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        targets = Course.Data.Mnist.OneHot<float>(labels, classes);
    }

    [Benchmark]
    public Tensor<float> CrossEntropy()
    {
        loss.Forward(logits, targets);
        return loss.Backward();
    }
}
