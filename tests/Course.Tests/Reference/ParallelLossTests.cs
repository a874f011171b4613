using Course.Kernels;
using Course.Reference;

namespace Course.Tests.Reference;

/// <summary>
/// Softmax cross-entropy split into bands of rows over several threads (<see cref="KernelThreads"/>, benchmarks
/// only) gives the same loss and the same gradient, bit for bit, as one thread.
/// </summary>
[NonParallelizable]
public class ParallelLossTests
{
    [TearDown]
    public void BackToOneThread() => KernelThreads.Count = 1;

    [TestCase(301, 1001, 2)]  // split, bands of unequal size
    [TestCase(301, 1001, 3)]
    [TestCase(256, 1000, 2)]
    [TestCase(3, 5, 2)]       // too small to split: still the same
    public void Threaded_loss_and_gradient_are_bit_identical_to_one_thread(int rows, int classes, int threads)
    {
        (float Loss, float[] Gradient) Run(int threadCount)
        {
            KernelThreads.Count = threadCount;
            var random = new Random(rows + classes);
            var logits = Tensor<float>.RandomNormal(random, 0, 3, rows, classes);
            // Probability rows, not one-hot, so every element of the gradient carries information.
            var targets = Tensor<float>.RandomUniform(random, 0, 1, rows, classes);
            var loss = new SoftmaxCrossEntropyLoss<float>();
            float value = loss.Forward(logits, targets);
            return (value, loss.Backward().Data);
        }

        var single = Run(1);
        var split = Run(threads);
        Assert.That(split.Loss, Is.EqualTo(single.Loss));
        Assert.That(split.Gradient, Is.EqualTo(single.Gradient).AsCollection);
    }
}
