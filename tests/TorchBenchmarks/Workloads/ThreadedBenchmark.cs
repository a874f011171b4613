using BenchmarkDotNet.Attributes;
using Course.Kernels;

namespace Course.TorchBenchmarks;

/// <summary>A workload timed with the kernels on one thread and on two (<see cref="KernelThreads"/>).</summary>
public abstract class ThreadedBenchmark
{
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        KernelThreads.Count = Threads;
        Prepare();
    }

    // Back to the default so that a later benchmark class starts from the grading setting.
    [GlobalCleanup]
    public void Cleanup() => KernelThreads.Count = 1;

    /// <summary>Builds the inputs, outside the timed calls.</summary>
    protected abstract void Prepare();
}
