namespace Course.TorchBenchmarks;

/// <summary>The sizes of every workload; torch_bench.py repeats them and the runner checks the two agree.</summary>
internal static class Shapes
{
    public static readonly int[] GemmSizes = [256, 512, 1024];

    /// <summary>The MNIST MLP of the course: 784 → 256 → ReLU → 10, mini-batches of 128.</summary>
    public const int Batch = 128, InFeatures = 784, Hidden = 256, Classes = 10;

    /// <summary>The MLP's head (128 × 10) and an ImageNet-sized one (256 × 1000), where the loss itself costs something.</summary>
    public static readonly (int Rows, int Classes)[] CrossEntropy = [(128, 10), (256, 1000)];

    /// <summary>A weight and its bias: exactly 1,000,000 parameters.</summary>
    public static readonly int[][] OptimizerParameters = [[999, 1000], [1000]];

    public const double LearningRate = 0.01;

    public static string Gemm(int n) => $"{n}x{n}x{n}";

    public static string Linear => $"{Batch}x{InFeatures}->{Hidden}";

    public static string CrossEntropyShape(int rows, int classes) => $"{rows}x{classes}";

    public static string Optimizer => $"{OptimizerParameters.Sum(s => s.Aggregate(1, (a, b) => a * b))} params";

    public static string MlpEpoch(int images) => $"{images} images, batch {Batch}, {InFeatures}-{Hidden}-{Classes}";
}
