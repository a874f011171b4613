using BenchmarkDotNet.Attributes;
using Course.Data;
using Course.Reference;

namespace Course.TorchBenchmarks;

/// <summary>
/// One epoch of the MNIST MLP (784 → 256 → ReLU → 10, softmax cross-entropy, SGD) over the 10,000 t10k images in
/// file order, mini-batches of 128 (the last one 16). Batches are cut before timing, as PyTorch's slices are views.
/// The images need no gradient, so PyTorch's autograd never computes dL/dX of the first layer; the reference's first
/// layer is likewise asked for its parameter gradients only (<c>BackwardParametersOnly</c>), the same work.
/// </summary>
public class MlpEpochBenchmark : ThreadedBenchmark
{
    private readonly SoftmaxCrossEntropyLoss<float> loss = new();
    private Linear<float> first = null!, second = null!;
    private readonly ReLU<float> relu = new();
    private SGD<float> optimizer = null!;
    private (Tensor<float> Images, Tensor<float> Targets)[] batches = [];

    public static LabeledImages LoadImages() => Mnist.Load(RepositoryPaths.Mnist);

    protected override void Prepare()
    {
        var random = new Random(1);
        first = new Linear<float>(Shapes.InFeatures, Shapes.Hidden, random);
        second = new Linear<float>(Shapes.Hidden, Shapes.Classes, random);
        optimizer = new SGD<float>([.. first.Parameters(), .. second.Parameters()], Shapes.LearningRate);
        var data = LoadImages();
        batches = Enumerable.Range(0, (data.Count + Shapes.Batch - 1) / Shapes.Batch).Select(b =>
        {
            var batch = data.Subset(Enumerable.Range(b * Shapes.Batch, Math.Min(Shapes.Batch, data.Count - b * Shapes.Batch)).ToArray());
            return (batch.Images, Mnist.OneHot<float>(batch.Labels));
        }).ToArray();
    }

    [Benchmark]
    public void MlpEpoch()
    {
        foreach (var (images, targets) in batches)
        {
            optimizer.ZeroGrad();
            loss.Forward(second.Forward(relu.Forward(first.Forward(images))), targets);
            first.BackwardParametersOnly(relu.Backward(second.Backward(loss.Backward())));
            optimizer.Step();
        }
    }
}
