using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>
/// Every element-wise and broadcasting operation of the autodiff reference, float64: forward against its scalar
/// definition (<see cref="ScalarOps"/>), backward against central differences of its own forward.
/// </summary>
public class OperationTests
{
    private const double ForwardTolerance = 1e-12;
    private const double GradientTolerance = 1e-7;

    private static IEnumerable<TestCaseData> BinaryTimesShapes() =>
        from op in OpCases.Binary()
        from shapes in OpCases.BinaryShapes
        select new TestCaseData(op, shapes).SetArgDisplayNames(op.Name, Show(shapes[0]) + " with " + Show(shapes[1]));

    private static IEnumerable<TestCaseData> BinaryTimesSeeds() =>
        from op in OpCases.Binary()
        from seed in Enumerable.Range(0, 25)
        select new TestCaseData(op, seed).SetArgDisplayNames(op.Name, $"seed {seed}");

    private static IEnumerable<TestCaseData> UnaryTimesShapes() =>
        from op in OpCases.Unary()
        from shape in OpCases.UnaryShapes
        select new TestCaseData(op, shape).SetArgDisplayNames(op.Name, Show(shape));

    [TestCaseSource(nameof(BinaryTimesShapes))]
    public void Binary_operation_matches_its_definition_and_central_differences(OpCase op, int[][] shapes) =>
        Check(op, shapes, new Random(shapes[0].Sum() * 31 + shapes[1].Length));

    [TestCaseSource(nameof(BinaryTimesSeeds))]
    public void Binary_operation_is_right_on_random_broadcast_shapes(OpCase op, int seed)
    {
        var random = new Random(seed);
        Check(op, OpCases.RandomBroadcastPair(random), random);
    }

    [TestCaseSource(nameof(UnaryTimesShapes))]
    public void Unary_operation_matches_its_definition_and_central_differences(OpCase op, int[] shape) =>
        Check(op, [shape], new Random(shape.Sum()));

    [TestCase(1, 1, 1)]
    [TestCase(3, 5, 2)]
    [TestCase(1, 7, 1)]
    [TestCase(13, 33, 17)]
    [TestCase(20, 40, 30)]
    public void MatMul_matches_its_definition_and_central_differences(int n, int k, int m)
    {
        var op = new OpCase("matmul", () => new MatMulOp<double>(), x => ScalarOps.MatMul(x[0], x[1]),
            (random, shapes) => shapes.Select(s => TestTensors.Normal(random, 1, s)).ToArray());
        Check(op, [[n, k], [k, m]], new Random(n * k * m));
    }

    /// <summary>The float path runs the float GEMM kernel: compare it with the double result.</summary>
    [Test]
    public void MatMul_in_float_agrees_with_double()
    {
        var random = new Random(3);
        var a = TestTensors.Normal(random, 1, 37, 70);
        var b = TestTensors.Normal(random, 1, 70, 45);
        var dy = TestTensors.Normal(random, 1, 37, 45);
        var op64 = new MatMulOp<double>();
        var op32 = new MatMulOp<float>();
        var y64 = op64.Forward(a, b);
        var y32 = op32.Forward(a.Cast<float>(), b.Cast<float>());
        var g64 = op64.Backward(dy);
        var g32 = op32.Backward(dy.Cast<float>());
        AssertClose(y32.Cast<double>(), y64, 1e-4, "forward");
        AssertClose(g32[0].Cast<double>(), g64[0], 1e-4, "dA");
        AssertClose(g32[1].Cast<double>(), g64[1], 1e-4, "dB");
    }

    internal static void Check(OpCase op, int[][] shapes, Random random)
    {
        var inputs = op.Inputs(random, shapes);
        var before = inputs.Select(t => t.Clone()).ToArray();
        var function = op.Create();
        var output = function.Forward(inputs);
        AssertClose(output, op.Definition(inputs), ForwardTolerance, "forward");
        function.Backward(Tensor<double>.RandomNormal(random, 0, 1, output.Shape));
        for (int i = 0; i < inputs.Length; i++)
            Assert.That(inputs[i].Data, Is.EqualTo(before[i].Data), $"input {i} is left unchanged");

        double error = CentralDifferences.MaxError(op.Create, inputs, random);
        Assert.That(error, Is.LessThanOrEqualTo(GradientTolerance), $"{op.Name}: backward vs central differences");
    }

    internal static void AssertClose(Tensor<double> actual, Tensor<double> expected, double tolerance, string what)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
        for (int i = 0; i < expected.Length; i++)
        {
            double a = actual.Data[i], e = expected.Data[i];
            if (double.IsInfinity(e) || double.IsNaN(e)) { Assert.That(a, Is.EqualTo(e), $"{what}[{i}]"); continue; }
            Assert.That(Math.Abs(a - e) / Math.Max(1, Math.Abs(e)), Is.LessThanOrEqualTo(tolerance), $"{what}[{i}]: {a} vs {e}");
        }
    }

    internal static string Show(int[] shape) => "(" + string.Join(",", shape) + ")";
}
