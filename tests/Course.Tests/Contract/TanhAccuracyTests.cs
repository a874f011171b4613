using Course.Kernels;

namespace Course.Tests.Contract;

/// <summary>
/// tanh through expm1 (VectorMath.Tanh, behind Tensor.Tanh and the reference's Tanh and TanhOp): exact at 0 and within
/// a few ulps everywhere, where TensorPrimitives.Tanh (10.0) gives −6e-8 for tanh(0f) and loses digits near 0. The
/// PyTorch oracle found it (float32 tanh(0) against torch's 0).
/// </summary>
public class TanhAccuracyTests
{
    private static double[] Points() =>
        [0, -0.0, 1e-30, 1e-8, 1e-4, 0.01, -0.01, 0.1, 0.3, 0.5, -0.5, 0.7, 1, -1, 1.5, 2, 3, 5, 9, 10, 20, -20, 40, 400, -400];

    [Test]
    public void Float_tanh_is_within_four_ulps_of_the_exact_value_and_zero_at_zero()
    {
        // Every length up to three vectors, so the vector body and the scalar tail both meet every point.
        foreach (int length in Enumerable.Range(1, 48))
        {
            var x = Enumerable.Range(0, length).Select(i => (float)Points()[i % Points().Length]).ToArray();
            var y = new float[length];
            VectorMath.Tanh<float>(x, y);
            for (int i = 0; i < length; i++)
            {
                double exact = Math.Tanh(x[i]);
                float ulp = MathF.BitIncrement(MathF.Abs((float)exact)) - MathF.Abs((float)exact);
                Assert.That(Math.Abs(y[i] - exact), Is.LessThanOrEqualTo(4 * ulp), $"tanh({x[i]:R}) of {length} values");
            }
            for (int i = 0; i < length; i++)
                if (x[i] == 0) Assert.That(y[i], Is.EqualTo(0f), "tanh(0) is exactly 0");
        }
    }

    [Test]
    public void Double_tanh_is_within_four_ulps_of_the_exact_value()
    {
        var x = Points().Concat(Enumerable.Range(1, 200).Select(i => Math.Sinh(i / 20.0 - 5))).ToArray();
        var y = new double[x.Length];
        VectorMath.Tanh<double>(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Tanh(x[i]);
            double ulp = Math.BitIncrement(Math.Abs(exact)) - Math.Abs(exact);
            Assert.That(Math.Abs(y[i] - exact), Is.LessThanOrEqualTo(4 * ulp), $"tanh({x[i]:R})");
        }
    }

    [Test]
    public void Tensor_tanh_is_odd_and_saturates_to_one()
    {
        var t = Tensor<float>.FromValues([-400, -3, -0.25, 0, 0.25, 3, 400, double.NaN], 8).Tanh();
        Assert.That(t.Data[0], Is.EqualTo(-1f));
        Assert.That(t.Data[6], Is.EqualTo(1f));
        Assert.That(t.Data[1], Is.EqualTo(-t.Data[5]));
        Assert.That(t.Data[2], Is.EqualTo(-t.Data[4]));
        Assert.That(t.Data[3], Is.EqualTo(0f));
        Assert.That(float.IsNaN(t.Data[7]), "NaN stays NaN");
    }
}
