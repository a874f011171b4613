using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>An operation under test: how to make it, its scalar definition, and inputs from its domain.</summary>
public sealed record OpCase(
    string Name,
    Func<Function<double>> Create,
    Func<Tensor<double>[], Tensor<double>> Definition,
    Func<Random, int[][], Tensor<double>[]> Inputs)
{
    public override string ToString() => Name;
}

/// <summary>The operations grouped by how they are tested, with inputs kept off their kinks and poles.</summary>
internal static class OpCases
{
    public static IEnumerable<OpCase> Binary()
    {
        yield return new("add", () => new AddOp<double>(), x => ScalarOps.Binary(x[0], x[1], (a, b) => a + b), Normal);
        yield return new("sub", () => new SubOp<double>(), x => ScalarOps.Binary(x[0], x[1], (a, b) => a - b), Normal);
        yield return new("mul", () => new MulOp<double>(), x => ScalarOps.Binary(x[0], x[1], (a, b) => a * b), Normal);
        yield return new("div", () => new DivOp<double>(), x => ScalarOps.Binary(x[0], x[1], (a, b) => a / b),
            (random, shapes) => [TestTensors.Normal(random, 1, shapes[0]), AwayFromZero(random, 0.5, 2, shapes[1])]);
    }

    public static IEnumerable<OpCase> Unary()
    {
        yield return new("neg", () => new NegOp<double>(), x => ScalarOps.Unary(x[0], a => -a), Normal);
        yield return new("exp", () => new ExpOp<double>(), x => ScalarOps.Unary(x[0], Math.Exp), Normal);
        yield return new("log", () => new LogOp<double>(), x => ScalarOps.Unary(x[0], Math.Log), Positive);
        yield return new("relu", () => new ReluOp<double>(), x => ScalarOps.Unary(x[0], a => a > 0 ? a : 0),
            (random, shapes) => [TestTensors.AwayFromZero(random, 1, shapes[0])]);
        yield return new("sigmoid", () => new SigmoidOp<double>(), x => ScalarOps.Unary(x[0], a => 1 / (1 + Math.Exp(-a))), Normal);
        yield return new("tanh", () => new TanhOp<double>(), x => ScalarOps.Unary(x[0], Math.Tanh), Normal);
        // Integer exponents on inputs of both signs (a negative base keeps its sign for odd p); the others on
        // positive inputs, where a^p is real.
        foreach (double p in new[] { 2.0, 3, -1, -2, 1, 0 })
            yield return new($"pow {p}", () => new PowOp<double>(p), x => ScalarOps.Unary(x[0], a => Math.Pow(a, p)),
                (random, shapes) => [AwayFromZero(random, 0.5, 2, shapes[0])]);
        foreach (double p in new[] { 0.5, 1.5, -2.5, 0.3 })
            yield return new($"pow {p}", () => new PowOp<double>(p), x => ScalarOps.Unary(x[0], a => Math.Pow(a, p)), Positive);
    }

    /// <summary>Operand shape pairs: the broadcasting cases the brief names, rank-0 scalars, and equal shapes.</summary>
    public static readonly int[][][] BinaryShapes =
    [
        [[3, 4], [4]], [[4], [3, 4]], [[3, 1], [1, 4]], [[2, 3, 4], [3, 1]], [[3, 1], [2, 3, 4]], [[], [2, 3]],
        [[2, 3], []], [[], []], [[2, 3], [2, 3]], [[4, 1, 3], [5, 3]], [[1], [3]], [[2, 1, 4], [3, 1]],
        [[5, 1], [5, 7]], [[1, 1], [6]], [[13, 129], [129]], [[13, 129], [13, 1]], [[2, 3, 4, 5], [3, 1, 5]],
    ];

    public static readonly int[][] UnaryShapes = [[], [1], [7], [3, 17], [2, 3, 4], [13, 33]];

    /// <summary>Two shapes that broadcast: a random result of rank 0 to 4, each operand dropping some leading axes
    /// and setting some extents to 1.</summary>
    public static int[][] RandomBroadcastPair(Random random)
    {
        var result = Enumerable.Range(0, random.Next(5)).Select(_ => random.Next(1, 5)).ToArray();
        return [Operand(), Operand()];

        int[] Operand()
        {
            var shape = result[random.Next(result.Length + 1)..];
            for (int i = 0; i < shape.Length; i++) if (random.Next(3) == 0) shape[i] = 1;
            return shape;
        }
    }

    private static Tensor<double>[] Normal(Random random, int[][] shapes) =>
        shapes.Select(s => TestTensors.Normal(random, 1, s)).ToArray();

    private static Tensor<double>[] Positive(Random random, int[][] shapes) =>
        shapes.Select(s => TestTensors.Uniform(random, 0.2, 3, s)).ToArray();

    /// <summary>Magnitudes in [low, high] with random signs.</summary>
    private static Tensor<double> AwayFromZero(Random random, double low, double high, int[] shape)
    {
        var x = TestTensors.Uniform(random, low, high, shape);
        for (int i = 0; i < x.Length; i++) if (random.Next(2) == 0) x.Data[i] = -x.Data[i];
        return x;
    }
}
