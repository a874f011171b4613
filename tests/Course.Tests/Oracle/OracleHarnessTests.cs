using Course.Grader.Protocol;
using Course.Grader.Units;

namespace Course.Tests.Oracle;

/// <summary>The oracle's own parts: PyTorch's answers on calls worked out by hand, and the comparison catching what it
/// must catch, so that agreement means something.</summary>
public class OracleHarnessTests
{
    private static CallRequest Call(UnitSpec unit, Operation op, IReadOnlyList<WireTensor> parameters, IReadOnlyList<WireTensor> inputs, WireTensor? gradOutput = null) =>
        new(unit, op, ElementType.Float64, true, parameters, inputs, gradOutput, [], 0, 0, 0, 0);

    [Test]
    public void PyTorch_answers_calls_worked_out_by_hand()
    {
        // Linear: X = [[1, 2]], W (in, out) = [[1, 0, 2], [0, 1, 3]], b = [0.5, 0, -1] → Y = [[1.5, 2, 7]];
        // with dY = [[1, 1, 1]]: dX = dY·Wᵀ = [[3, 4]], dW = Xᵀ·dY = [[1, 1, 1], [2, 2, 2]], db = [1, 1, 1].
        var linear = Call(UnitCatalog.Spec("Linear", new UnitArg.Int(2), new UnitArg.Int(3)), Operation.Backward,
            [new([2, 3], [1, 0, 2, 0, 1, 3]), new([3], [0.5, 0, -1])], [new([1, 2], [1, 2])], new([1, 3], [1, 1, 1]));
        // Softmax cross-entropy of equal logits over 4 classes is ln 4, and its gradient (p − y) / N.
        var crossEntropy = Call(UnitCatalog.Spec("SoftmaxCrossEntropyLoss"), Operation.LossBackward, [],
            [new([1, 4], [0, 0, 0, 0]), new([1, 4], [0, 1, 0, 0])]);
        var (_, answers) = TorchOracle.Run([("linear", linear), ("ce", crossEntropy)]);

        var l = answers["linear"].Outputs;
        Assert.That(l[0].Data, Is.EqualTo(new[] { 1.5, 2, 7 }));
        Assert.That(l[1].Data, Is.EqualTo(new[] { 3.0, 4 }));
        Assert.That(l[2].Shape, Is.EqualTo(new[] { 2, 3 }), "dW in the course's (in, out) layout");
        Assert.That(l[2].Data, Is.EqualTo(new[] { 1.0, 1, 1, 2, 2, 2 }));
        Assert.That(l[3].Data, Is.EqualTo(new[] { 1.0, 1, 1 }));
        Assert.That(l[4].Data, Is.EqualTo(new[] { 2.0, 2, 2, 4, 4, 4 }), "a second backward adds the same gradient again");

        var ce = answers["ce"].Outputs;
        Assert.That(ce[0].Data[0], Is.EqualTo(Math.Log(4)).Within(1e-15));
        Assert.That(ce[1].Data, Is.EqualTo(new[] { 0.25, -0.75, 0.25, 0.25 }).Within(1e-15));
    }

    [Test]
    public void A_unit_PyTorch_does_not_know_is_reported_with_its_case()
    {
        var call = Call(UnitCatalog.Spec("NoSuchLayer"), Operation.Backward, [], [new([1, 2], [1, 2])], new([1, 2], [1, 1]));
        var (_, answers) = TorchOracle.Run([("unknown", call)]);
        Assert.That(answers["unknown"].Error, Does.Contain("no PyTorch counterpart for module NoSuchLayer"));
    }

    [Test]
    public void The_comparison_catches_a_wrong_element_a_missing_gradient_and_a_shape()
    {
        var torch = new WireTensor([2, 2], [1, -2, 3e-9, double.NaN]);
        Assert.That(RelativeDifference.Of(torch, torch, 1e-3).Error, Is.Zero, "NaN matches NaN");

        var off = RelativeDifference.Of(new WireTensor([2, 2], [1, -2.00001, 3e-9, double.NaN]), torch, 1e-3);
        Assert.That(off.Error, Is.EqualTo(5e-6).Within(1e-9));
        Assert.That(off.Index, Is.EqualTo(1));

        // An element far below the tensor's scale is held to a thousandth of that scale in float64 …
        var tiny = new WireTensor([2, 2], [1, -2, 4e-9, double.NaN]);
        Assert.That(RelativeDifference.Of(tiny, torch, 1e-3).Error, Is.EqualTo(1e-9 / 2e-3).Within(1e-12));
        // … and to the scale itself in float32.
        Assert.That(RelativeDifference.Of(tiny, torch, 1).Error, Is.EqualTo(1e-9 / 2).Within(1e-12));

        Assert.That(RelativeDifference.Of(WireTensor.None, torch, 1e-3).Problem, Does.Contain("no gradient"));
        Assert.That(RelativeDifference.Of(new WireTensor([4], torch.Data), torch, 1e-3).Problem, Does.Contain("shape"));
        Assert.That(RelativeDifference.Of(new WireTensor([2, 2], [1, -2, 3e-9, 0]), torch, 1e-3).Error, Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void The_distribution_test_tells_a_wrong_spread_from_a_right_one()
    {
        var r = new Random(5);
        double[] Uniform(double bound, int n) => Enumerable.Range(0, n).Select(_ => (2 * r.NextDouble() - 1) * bound).ToArray();
        var reference = Uniform(0.1, 50_000);
        var (same, critical) = Distributions.KolmogorovSmirnov(Uniform(0.1, 50_000), reference);
        var (wider, _) = Distributions.KolmogorovSmirnov(Uniform(0.11, 50_000), reference);
        Assert.That(same, Is.LessThan(critical));
        Assert.That(wider, Is.GreaterThan(critical), "a 10% wider bound");
    }
}
