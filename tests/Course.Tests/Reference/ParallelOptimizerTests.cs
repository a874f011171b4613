using Course.Kernels;
using Course.Reference;

namespace Course.Tests.Reference;

/// <summary>
/// Optimizer steps split over several threads (<see cref="KernelThreads"/>, benchmarks only) leave every parameter
/// bit-identical to one thread's after three steps (so the state buffers agree too), on lengths that are not a multiple of the vector width.
/// </summary>
[NonParallelizable]
public class ParallelOptimizerTests
{
    // Large enough to be split three ways, odd so that the last chunk ends in the scalar tail; a small one stays whole.
    private static readonly int[][] Shapes = [[400, 501], [200_003], [7]];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int threads in new[] { 2, 3 })
        {
            yield return new TestCaseData("Adam", threads);
            yield return new TestCaseData("Adam with weight decay", threads);
            yield return new TestCaseData("SGD", threads);
            yield return new TestCaseData("Momentum", threads);
        }
    }

    private static Optimizer<float> Create(string name, IEnumerable<Parameter<float>> parameters) => name switch
    {
        "Adam" => new Adam<float>(parameters, 1e-2),
        "Adam with weight decay" => new Adam<float>(parameters, 1e-2, weightDecay: 0.1),
        "SGD" => new SGD<float>(parameters, 1e-2),
        "Momentum" => new Momentum<float>(parameters, 1e-2),
        _ => throw new ArgumentException(name),
    };

    [TearDown]
    public void BackToOneThread() => KernelThreads.Count = 1;

    [TestCaseSource(nameof(Cases))]
    public void Threaded_steps_are_bit_identical_to_one_thread(string optimizer, int threads)
    {
        float[][] Run(int threadCount)
        {
            KernelThreads.Count = threadCount;
            var random = new Random(3);
            var parameters = Shapes.Select((shape, i) => new Parameter<float>($"p{i}", Tensor<float>.RandomNormal(random, 0, 1, shape))).ToArray();
            var step = Create(optimizer, parameters);
            for (int t = 0; t < 3; t++)
            {
                foreach (var p in parameters) p.Grad.CopyFrom(Tensor<float>.RandomNormal(random, 0, 1, p.Grad.Shape));
                step.Step();
            }
            return parameters.Select(p => p.Value.Data).ToArray();
        }

        var single = Run(1);
        var split = Run(threads);
        for (int i = 0; i < single.Length; i++)
            Assert.That(split[i], Is.EqualTo(single[i]).AsCollection, $"parameter {i} of shape [{string.Join(", ", Shapes[i])}]");
    }
}
