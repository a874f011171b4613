namespace Course.TorchBenchmarks;

/// <summary>A row of the table: the key both sides report it under, how it is shown, and its FLOPs if it is a GEMM.</summary>
internal sealed record RowSpec(string Key, string Label, string Shape, double? Flops = null);

/// <summary>Every row, in the order of the table.</summary>
internal static class RowCatalog
{
    public static IReadOnlyList<RowSpec> All(int mnistImages) =>
    [
        .. Shapes.GemmSizes.Select(n => new RowSpec($"gemm_{n}", $"GEMM {n}", Shapes.Gemm(n), 2.0 * n * n * n)),
        new("linear", "Linear fwd+bwd", Shapes.Linear),
        .. Shapes.CrossEntropy.Select(s => new RowSpec($"cross_entropy_{s.Rows}x{s.Classes}", "softmax CE fwd+bwd", Shapes.CrossEntropyShape(s.Rows, s.Classes))),
        new("adam_step", "Adam step", Shapes.Optimizer),
        new("sgd_step", "SGD step", Shapes.Optimizer),
        new("mlp_epoch", "MNIST MLP epoch", Shapes.MlpEpoch(mnistImages)),
    ];
}
