using Course;
using Course.Reference;
using Course.SelfCheck;

namespace Course.Tests.Reference;

/// <summary>
/// Every unit's forward and backward, in float64, against <see cref="ScalarReference"/> on batch size 1, single
/// features and odd sizes that leave vector tails.
/// </summary>
public class MatchesScalarDefinitionTests
{
    private const double Tolerance = 1e-10;

    private static IEnumerable<TestCaseData> ActivationsTimesShapes() =>
        from unit in UnitCases.Activations()
        from shape in TestTensors.MatrixShapes
        select new TestCaseData(unit, shape).SetArgDisplayNames(unit.Name, $"{shape[0]}x{shape[1]}");

    private static IEnumerable<TestCaseData> LossesTimesShapes() =>
        from unit in UnitCases.Losses()
        from shape in TestTensors.MatrixShapes
        select new TestCaseData(unit, shape).SetArgDisplayNames(unit.Name, $"{shape[0]}x{shape[1]}");

    [TestCaseSource(nameof(ActivationsTimesShapes))]
    public void Activation_forward_and_backward_match_the_definition(ActivationCase unit, int[] shape)
    {
        var random = new Random(shape[0] * 1000 + shape[1]);
        var x = unit.Input(random, shape);
        var dy = TestTensors.Normal(random, 1, shape);
        var module = unit.Create<double>();

        var y = module.Forward(x);
        var dx = module.Backward(dy);

        AssertClose(y, unit.Forward(x.Data, shape[1]), "forward");
        AssertClose(dx, unit.Backward(x.Data, dy.Data, shape[1]), "backward");
    }

    [TestCaseSource(nameof(LossesTimesShapes))]
    public void Loss_value_and_gradient_match_the_definition(LossCase unit, int[] shape)
    {
        var random = new Random(shape[0] * 1000 + shape[1]);
        var (x, target) = unit.Data(random, shape);
        var loss = unit.Create<double>();

        double value = loss.Forward(x, target);
        var gradient = loss.Backward();

        double expected = unit.Value(x.Data, target.Data, shape[1]);
        Assert.That(RelativeError.Max([value], [expected]), Is.LessThanOrEqualTo(Tolerance), $"loss {value} vs {expected}");
        AssertClose(gradient, unit.Gradient(x.Data, target.Data, shape[1]), "gradient");
    }

    [TestCase(1, 1, 1)]
    [TestCase(1, 7, 3)]
    [TestCase(3, 17, 9)]
    [TestCase(5, 33, 65)]
    [TestCase(64, 100, 10)]
    [TestCase(13, 129, 31)]
    [TestCase(7, 300, 257)]
    public void Linear_forward_and_backward_match_the_definition(int batch, int inFeatures, int outFeatures)
    {
        var random = new Random(batch + inFeatures + outFeatures);
        var layer = new Linear<double>(inFeatures, outFeatures, random);
        // Random, not zero, bias: a forgotten bias must show.
        layer.Bias.Value.CopyFrom(TestTensors.Normal(random, 1, outFeatures));
        var x = TestTensors.Normal(random, 1, batch, inFeatures);
        var dy = TestTensors.Normal(random, 1, batch, outFeatures);
        // Gradients already hold values: Backward must add to them, not overwrite them.
        var weightGradBefore = TestTensors.Normal(random, 1, inFeatures, outFeatures);
        var biasGradBefore = TestTensors.Normal(random, 1, outFeatures);
        layer.Weight.Grad.CopyFrom(weightGradBefore);
        layer.Bias.Grad.CopyFrom(biasGradBefore);

        var y = layer.Forward(x);
        var dx = layer.Backward(dy);

        var w = layer.Weight.Value.Data;
        AssertClose(y, ScalarReference.LinearForward(x.Data, w, layer.Bias.Value.Data, batch, inFeatures, outFeatures), "Y");
        var (dxExpected, dwExpected, dbExpected) = ScalarReference.LinearBackward(x.Data, w, dy.Data, batch, inFeatures, outFeatures);
        AssertClose(dx, dxExpected, "dX");
        AssertClose(layer.Weight.Grad, dwExpected.Select((v, i) => v + weightGradBefore.Data[i]).ToArray(), "weight grad");
        AssertClose(layer.Bias.Grad, dbExpected.Select((v, i) => v + biasGradBefore.Data[i]).ToArray(), "bias grad");
    }

    [Test]
    public void Sequential_composes_forward_in_order_and_backward_in_reverse()
    {
        var random = new Random(7);
        var first = new Linear<double>(5, 4, random);
        var second = new Linear<double>(4, 3, random);
        var model = new Sequential<double>(first, new Tanh<double>(), second, new LogSoftmax<double>());
        var x = TestTensors.Normal(random, 1, 6, 5);
        var dy = TestTensors.Normal(random, 1, 6, 3);

        var y = model.Forward(x);
        var dx = model.Backward(dy);

        // The same network by hand from the scalar definitions.
        var h = ScalarReference.LinearForward(x.Data, first.Weight.Value.Data, first.Bias.Value.Data, 6, 5, 4);
        var t = ScalarReference.Map(h, Math.Tanh);
        var z = ScalarReference.LinearForward(t, second.Weight.Value.Data, second.Bias.Value.Data, 6, 4, 3);
        AssertClose(y, ScalarReference.LogSoftmax(z, 3), "forward");
        var dz = ScalarReference.LogSoftmaxBackward(z, dy.Data, 3);
        var (dt, dw2, _) = ScalarReference.LinearBackward(t, second.Weight.Value.Data, dz, 6, 4, 3);
        var dh = ScalarReference.ChainRule(h, dt, ScalarReference.TanhDerivative);
        var (dxExpected, dw1, _) = ScalarReference.LinearBackward(x.Data, first.Weight.Value.Data, dh, 6, 5, 4);
        AssertClose(dx, dxExpected, "dX");
        AssertClose(first.Weight.Grad, dw1, "first weight grad");
        AssertClose(second.Weight.Grad, dw2, "second weight grad");
    }

    private static void AssertClose(Tensor<double> actual, double[] expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: number of values");
        double error = RelativeError.Max(actual.Data, expected, out int worst);
        Assert.That(error, Is.LessThanOrEqualTo(Tolerance),
            $"{what}: element {worst} is {actual.Data[worst]}, expected {expected[worst]}");
    }
}
