using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>Reductions, shape changes and log-softmax: forward against the scalar definitions, backward against
/// central differences (float64), and the shapes PyTorch gives.</summary>
public class ShapeOperationTests
{
    private static IEnumerable<TestCaseData> Reductions()
    {
        int[][] shapes = [[2, 3, 4], [5], [4, 6], []];
        int[]?[] axesChoices = [null, [0], [-1], [0, 2], [1], [-3, -1], [2, 0, 1]];
        foreach (var shape in shapes)
            foreach (var axes in axesChoices)
            {
                if (axes is not null && axes.Any(a => a >= shape.Length || a < -shape.Length)) continue;
                foreach (bool keepDims in new[] { false, true })
                    foreach (bool mean in new[] { false, true })
                        yield return new TestCaseData(shape, axes, keepDims, mean).SetArgDisplayNames(
                            mean ? "mean" : "sum", OperationTests.Show(shape),
                            axes is null ? "all axes" : "axes " + OperationTests.Show(axes), keepDims ? "keepDims" : "");
            }
    }

    [TestCaseSource(nameof(Reductions))]
    public void Sum_and_mean_over_axes_match_the_definition_and_central_differences(int[] shape, int[]? axes, bool keepDims, bool mean)
    {
        var op = new OpCase(mean ? "mean" : "sum",
            () => mean ? new MeanOp<double>(axes, keepDims) : new SumOp<double>(axes, keepDims),
            x => ScalarOps.Sum(x[0], axes, keepDims, mean),
            (random, shapes) => [TestTensors.Normal(random, 1, shapes[0])]);
        OperationTests.Check(op, [shape], new Random(shape.Length + (axes?.Length ?? 9)));
    }

    [Test]
    public void Sum_over_all_axes_has_shape_of_rank_zero_and_keepDims_keeps_every_axis_at_one()
    {
        var x = TestTensors.Normal(new Random(1), 1, 2, 3, 4);
        Assert.That(new SumOp<double>().Forward(x).Shape, Is.Empty);
        Assert.That(new MeanOp<double>().Forward(x).Shape, Is.Empty);
        Assert.That(new SumOp<double>(null, keepDims: true).Forward(x).Shape, Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(new SumOp<double>([0, 2]).Forward(x).Shape, Is.EqualTo(new[] { 3 }));
        Assert.That(new MeanOp<double>([-1], keepDims: true).Forward(x).Shape, Is.EqualTo(new[] { 2, 3, 1 }));
    }

    [Test]
    public void Mean_divides_by_the_product_of_the_reduced_extents()
    {
        var x = new Tensor<double>(Enumerable.Range(0, 24).Select(i => (double)i).ToArray(), 2, 3, 4);
        var op = new MeanOp<double>([0, 2]);
        var y = op.Forward(x);
        // Row j of axis 1 holds j·4 + {0..3} + {0, 12}: mean 4j + 1.5 + 6.
        Assert.That(y.Data, Is.EqualTo(new[] { 7.5, 11.5, 15.5 }).Within(1e-12));
        var dx = op.Backward(new Tensor<double>([8.0, 16, 24], 3))[0];
        Assert.That(dx.Data.Distinct(), Is.EquivalentTo(new[] { 1.0, 2, 3 }), "dy / 8 spread over each group of eight");
    }

    [TestCase(new[] { 3 }, new[] { 2, 3 })]
    [TestCase(new[] { 3, 1 }, new[] { 3, 4 })]
    [TestCase(new int[0], new[] { 2, 2 })]
    [TestCase(new[] { 1, 4 }, new[] { 2, 3, 4 })]
    [TestCase(new[] { 2, 1, 3 }, new[] { 2, 5, 3 })]
    [TestCase(new[] { 2, 3 }, new[] { 2, 3 })]
    public void BroadcastTo_matches_the_definition_and_central_differences(int[] from, int[] to)
    {
        var op = new OpCase("broadcast", () => new BroadcastToOp<double>(to), x => ScalarOps.BroadcastTo(x[0], to),
            (random, shapes) => [TestTensors.Normal(random, 1, shapes[0])]);
        OperationTests.Check(op, [from], new Random(to.Sum()));
    }

    [TestCase(new[] { 2, 3, 4 }, new[] { 6, -1 }, new[] { 6, 4 })]
    [TestCase(new[] { 2, 3, 4 }, new[] { -1 }, new[] { 24 })]
    [TestCase(new[] { 2, 3, 4 }, new[] { 4, -1, 2 }, new[] { 4, 3, 2 })]
    [TestCase(new[] { 6 }, new[] { 2, 3 }, new[] { 2, 3 })]
    [TestCase(new int[0], new[] { 1, 1 }, new[] { 1, 1 })]
    [TestCase(new[] { 1 }, new int[0], new int[0])]
    public void Reshape_keeps_the_values_infers_minus_one_and_reshapes_the_gradient_back(int[] from, int[] to, int[] expected)
    {
        var op = new OpCase("reshape", () => new ReshapeOp<double>(to),
            x => new Tensor<double>((double[])x[0].Data.Clone(), expected),
            (random, shapes) => [TestTensors.Normal(random, 1, shapes[0])]);
        OperationTests.Check(op, [from], new Random(7));
    }

    [TestCase(new[] { 3, 5 }, -2, -1)]
    [TestCase(new[] { 3, 5 }, 1, 0)]
    [TestCase(new[] { 2, 3, 4 }, -2, -1)]
    [TestCase(new[] { 2, 3, 4 }, 0, 2)]
    [TestCase(new[] { 2, 3, 4 }, 0, -2)]
    [TestCase(new[] { 2, 3, 4 }, 1, 1)]
    [TestCase(new[] { 2, 3, 4, 5 }, 1, 3)]
    public void Transpose_swaps_two_axes_of_any_rank_and_swaps_the_gradient_back(int[] shape, int axis0, int axis1)
    {
        var op = new OpCase("transpose", () => new TransposeOp<double>(axis0, axis1), x => ScalarOps.Transpose(x[0], axis0, axis1),
            (random, shapes) => [TestTensors.Normal(random, 1, shapes[0])]);
        OperationTests.Check(op, [shape], new Random(shape.Length));
    }

    [TestCase(new[] { 3, 5 }, -1)]
    [TestCase(new[] { 3, 5 }, 0)]
    [TestCase(new[] { 2, 3, 4 }, 1)]
    [TestCase(new[] { 2, 3, 4 }, -3)]
    [TestCase(new[] { 7 }, 0)]
    [TestCase(new[] { 1, 1 }, -1)]
    [TestCase(new[] { 13, 33 }, -1)]
    public void LogSoftmax_matches_the_definition_and_central_differences(int[] shape, int axis)
    {
        var op = new OpCase("log_softmax", () => new LogSoftmaxOp<double>(axis), x => ScalarOps.LogSoftmax(x[0], axis),
            (random, shapes) => [TestTensors.Normal(random, 2, shapes[0])]);
        OperationTests.Check(op, [shape], new Random(shape.Sum() + axis));
    }

    [TestCase(-1)]
    [TestCase(0)]
    public void LogSoftmax_is_finite_and_exact_for_logits_of_plus_and_minus_a_thousand(int axis)
    {
        var x = new Tensor<double>([1000, -1000, 999, 0, -1000, 1000], 2, 3);
        var op = new LogSoftmaxOp<double>(axis);
        var y = op.Forward(x);
        Assert.That(y.Data.All(double.IsFinite), Is.True, string.Join(", ", y.Data));
        OperationTests.AssertClose(y, ScalarOps.LogSoftmax(x, axis), 1e-12, "log_softmax");
        if (axis == -1) Assert.That(y[0, 0], Is.EqualTo(-Math.Log(1 + Math.Exp(-1))).Within(1e-12));
        var dx = op.Backward(TestTensors.Normal(new Random(2), 1, 2, 3))[0];
        Assert.That(dx.Data.All(double.IsFinite), Is.True, string.Join(", ", dx.Data));

        var f32 = new LogSoftmaxOp<float>(axis).Forward(x.Cast<float>());
        Assert.That(f32.Data.All(float.IsFinite), Is.True, "float too");
    }

    [Test]
    public void Relu_gradient_is_zero_at_zero()
    {
        var op = new ReluOp<double>();
        op.Forward(new Tensor<double>([-1, 0, 2], 3));
        Assert.That(op.Backward(new Tensor<double>([5, 5, 5], 3))[0].Data, Is.EqualTo(new[] { 0.0, 0, 5 }));
    }

    [Test]
    public void Pow_gradient_is_p_times_a_to_the_p_minus_one()
    {
        var op = new PowOp<double>(3);
        Assert.That(op.Forward(new Tensor<double>([-2, 0.5], 2)).Data, Is.EqualTo(new[] { -8, 0.125 }).Within(1e-15));
        Assert.That(op.Backward(new Tensor<double>([1, 1], 2))[0].Data, Is.EqualTo(new[] { 12, 0.75 }).Within(1e-14));
        var zero = new PowOp<double>(0);
        zero.Forward(new Tensor<double>([0, 3], 2));
        Assert.That(zero.Backward(new Tensor<double>([1, 1], 2))[0].Data, Is.EqualTo(new[] { 0.0, 0 }), "as PyTorch: 0, not NaN at 0");
    }
}
