using Course;
using Course.Reference;

namespace Course.Tests.Reference;

/// <summary>Logits of ±1000 overflow a naive e^x (float at 89, double at 710): results must stay finite and right.</summary>
public class LargeLogitTests
{
    private static Tensor<T> Logits<T>() where T : System.Numerics.IFloatingPointIeee754<T> =>
        Tensor<T>.FromArray(new double[,] { { 1000, -1000, 0 }, { -1000, -1000, -1000 }, { 1000, 999, -1000 } });

    [Test]
    public void Softmax_of_huge_logits_is_finite_and_exact()
    {
        AssertSoftmax<double>(1e-15);
        AssertSoftmax<float>(1e-6);
    }

    private static void AssertSoftmax<T>(double tolerance) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var y = new Softmax<T>().Forward(Logits<T>()).Cast<double>();
        double e = Math.Exp(-1);
        var expected = new[] { 1, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1 / (1 + e), e / (1 + e), 0 };
        Assert.That(y.Data, Is.EqualTo(expected).Within(tolerance), typeof(T).Name);
    }

    [Test]
    public void Log_softmax_of_huge_logits_is_finite_and_exact()
    {
        AssertLogSoftmax<double>(1e-12);
        AssertLogSoftmax<float>(1e-4);
    }

    private static void AssertLogSoftmax<T>(double tolerance) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var y = new LogSoftmax<T>().Forward(Logits<T>()).Cast<double>();
        double lse = Math.Log(1 + Math.Exp(-1)); // log(e^1000 + e^999) − 1000
        var expected = new[] { 0, -2000, -1000, -Math.Log(3), -Math.Log(3), -Math.Log(3), -lse, -1 - lse, -2000 - lse };
        Assert.That(y.Data, Is.EqualTo(expected).Within(tolerance), typeof(T).Name);
    }

    [Test]
    public void Softmax_cross_entropy_of_huge_logits_is_finite_with_a_finite_gradient()
    {
        AssertCrossEntropy<double>(1e-12);
        AssertCrossEntropy<float>(1e-3);
    }

    private static void AssertCrossEntropy<T>(double tolerance) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var loss = new SoftmaxCrossEntropyLoss<T>();
        // Classes 1, 0 and 2: wrong by 2000, uniform, wrong by about 2000.
        var target = Tensor<T>.FromArray(new double[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } });
        double value = double.CreateTruncating(loss.Forward(Logits<T>(), target));
        double expected = (2000 + Math.Log(3) + 2000 + Math.Log(1 + Math.Exp(-1))) / 3;
        Assert.That(value, Is.EqualTo(expected).Within(tolerance * expected), typeof(T).Name);
        var gradient = loss.Backward().Cast<double>();
        Assert.That(gradient.Data.All(double.IsFinite), Is.True, $"{typeof(T).Name} gradient {gradient}");
        Assert.That(gradient[0, 0], Is.EqualTo(1.0 / 3).Within(1e-6), "softmax 1 minus target 0, over 3 rows");
        Assert.That(gradient[0, 1], Is.EqualTo(-1.0 / 3).Within(1e-6), "softmax 0 minus target 1, over 3 rows");
    }

    [Test]
    public void Softplus_sigmoid_and_tanh_saturate_without_overflow()
    {
        var x = Tensor<double>.FromValues([1000, -1000, 800, -800], 4);
        Assert.That(new Softplus<double>().Forward(x).Data, Is.EqualTo(new double[] { 1000, 0, 800, 0 }));
        Assert.That(new Sigmoid<double>().Forward(x).Data, Is.EqualTo(new double[] { 1, 0, 1, 0 }));
        Assert.That(new Tanh<double>().Forward(x).Data, Is.EqualTo(new double[] { 1, -1, 1, -1 }));
        var xf = Tensor<float>.FromValues([1000, -1000, 100, -100], 4);
        Assert.That(new Softplus<float>().Forward(xf).Data, Is.EqualTo(new float[] { 1000, 0, 100, 0 }).Within(1e-30f));
        var softplus = new Softplus<float>();
        softplus.Forward(xf);
        Assert.That(softplus.Backward(Tensor<float>.Ones(4)).Data, Is.EqualTo(new float[] { 1, 0, 1, 0 }).Within(1e-30f));
    }

    [Test]
    public void Softplus_keeps_tiny_values_that_log_of_one_plus_loses()
    {
        // log(1 + e^-40) = 4.25e-18, which log(1 + x) rounds to 0.
        var y = new Softplus<double>().Forward(Tensor<double>.FromValues([-40, -745], 2));
        Assert.That(y[0], Is.EqualTo(Math.Exp(-40)).Within(1e-12 * Math.Exp(-40)));
        Assert.That(y[1], Is.GreaterThanOrEqualTo(0.0));
    }

    [Test]
    public void Binary_cross_entropy_with_huge_logits_is_finite_and_exact()
    {
        var x = Tensor<double>.FromValues([1000, -1000, 1000, -1000], 4);
        var y = Tensor<double>.FromValues([1, 0, 0, 1], 4);
        var loss = new BCEWithLogitsLoss<double>();
        // Right with certainty costs 0, wrong with certainty costs |x|.
        Assert.That(loss.Forward(x, y), Is.EqualTo(500.0));
        Assert.That(loss.Backward().Data, Is.EqualTo(new[] { 0, 0, 0.25, -0.25 }));

        var lossF = new BCEWithLogitsLoss<float>();
        Assert.That(lossF.Forward(x.Cast<float>(), y.Cast<float>()), Is.EqualTo(500f));
        Assert.That(lossF.Backward().Data, Is.EqualTo(new[] { 0, 0, 0.25f, -0.25f }));
    }
}
