using BenchmarkDotNet.Attributes;
using Course.Kernels;

namespace Course.TorchBenchmarks;

/// <summary>C = A·B, square, float32, into an existing C (PyTorch: <c>torch.mm(a, b, out=c)</c>).</summary>
public class GemmBenchmark : ThreadedBenchmark
{
    private float[] a = [], b = [], c = [];

    [Params(256, 512, 1024)]
    public int N { get; set; }

    protected override void Prepare()
    {
        var random = new Random(1);
        a = RandomValues(random, N * N);
        b = RandomValues(random, N * N);
        c = new float[N * N];
    }

    [Benchmark]
    public void Gemm() => Kernels.Gemm.Multiply<float>(Transpose.No, Transpose.No, N, N, N, a, b, c);

    private static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle();
        return values;
    }
}
