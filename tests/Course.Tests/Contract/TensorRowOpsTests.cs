using Course;

namespace Course.Tests.Contract;

public class TensorRowOpsTests
{
    [Test]
    public void AddColumnVector_adds_one_value_per_row()
    {
        var x = Tensor<double>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var column = Tensor<double>.FromValues([10, -1], 2);

        Assert.That(x.AddColumnVector(column).Data, Is.EqualTo(new double[] { 11, 12, 13, 3, 4, 5 }));
        Assert.That(x.AddColumnVector(-x.Max(1)).Max(1).Data, Is.EqualTo(new double[] { 0, 0 }));
    }

    [Test]
    public void MultiplyColumnVector_scales_each_row()
    {
        var x = Tensor<float>.FromArray(new double[,] { { 1, 3 }, { 2, 2 } });

        var normalized = x.MultiplyColumnVector(1f / x.Sum(1));

        Assert.That(normalized.Data, Is.EqualTo(new float[] { 0.25f, 0.75f, 0.5f, 0.5f }));
    }

    [Test]
    public void Column_operations_name_both_shapes_on_a_mismatch()
    {
        var x = Tensor<double>.Zeros(2, 3);

        var ex = Assert.Throws<ArgumentException>(() => x.AddColumnVector(Tensor<double>.Zeros(3)));
        Assert.That(ex!.Message, Does.Contain("AddColumnVector").And.Contain("(2, 3)").And.Contain("(3)"));
        Assert.Throws<ArgumentException>(() => x.MultiplyColumnVector(Tensor<double>.Zeros(2, 1)));
    }

    [Test]
    public void Reducing_the_last_axis_gives_one_value_per_row()
    {
        var x = Tensor<double>.FromValues(Enumerable.Range(0, 24).Select(i => (double)(i % 7)).ToArray(), 2, 3, 4);

        var sum = x.Sum(2);
        var max = x.Max(-1);

        Assert.That(sum.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(sum.Data, Is.EqualTo(new double[] { 6, 15, 10, 12, 14, 9 }));
        Assert.That(max.Data, Is.EqualTo(new double[] { 3, 6, 4, 6, 5, 6 }));
        Assert.That(Tensor<float>.Zeros(3, 0).Sum(1).Data, Is.EqualTo(new float[] { 0, 0, 0 }));
        Assert.That(double.IsNaN(Tensor<double>.FromValues([1, double.NaN, 2], 1, 3).Max(1)[0]), Is.True);
    }

    [Test]
    public void GreaterThan_is_an_exact_zero_one_mask()
    {
        double tiny = double.Epsilon;
        var x = Tensor<double>.FromValues([-2, -0.0, 0, tiny, 0.3, 1, 7, double.PositiveInfinity, double.NegativeInfinity], 9);

        Assert.That(x.GreaterThan(0).Data, Is.EqualTo(new double[] { 0, 0, 0, 1, 1, 1, 1, 1, 0 }));
        Assert.That(x.GreaterThan(1).Data, Is.EqualTo(new double[] { 0, 0, 0, 0, 0, 0, 1, 1, 0 }));
        Assert.That(x.GreaterThan(-2).Data, Is.EqualTo(new double[] { 0, 1, 1, 1, 1, 1, 1, 1, 0 }));
        Assert.That(Tensor<float>.FromValues([1.0000001, 1], 2).GreaterThan(1f).Data, Is.EqualTo(new float[] { 1, 0 }));
        Assert.That(double.IsNaN(Tensor<double>.FromValues([double.NaN], 1).GreaterThan(0).Data[0]), Is.True);
    }
}
