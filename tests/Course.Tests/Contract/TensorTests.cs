using Course;

namespace Course.Tests.Contract;

public class TensorTests
{
    [Test]
    public void MatMul_matches_the_definition()
    {
        var a = Tensor<double>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor<double>.FromArray(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        var c = a.MatMul(b);
        Assert.That(c.Shape, Is.EqualTo(new[] { 2, 2 }));
        Assert.That(c.Data, Is.EqualTo(new double[] { 58, 64, 139, 154 }));
    }

    [Test]
    public void Shape_mismatch_names_both_shapes()
    {
        var a = Tensor<float>.Zeros(2, 3);
        var b = Tensor<float>.Zeros(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.That(ex!.Message, Does.Contain("(2, 3)").And.Contain("MatMul"));
        var ex2 = Assert.Throws<ArgumentException>(() => _ = a + Tensor<float>.Zeros(3, 2));
        Assert.That(ex2!.Message, Does.Contain("(2, 3)").And.Contain("(3, 2)"));
    }

    [Test]
    public void Row_broadcasting_adds_the_bias_to_every_row()
    {
        var x = Tensor<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Tensor<double>.FromValues([10, 20], 2);
        Assert.That((x + b).Data, Is.EqualTo(new double[] { 11, 22, 13, 24 }));
    }

    [Test]
    public void Reductions_along_an_axis_remove_it()
    {
        var x = Tensor<double>.FromArray(new double[,] { { 1, 5, 3 }, { 4, 2, 6 } });
        Assert.That(x.Sum(0).Data, Is.EqualTo(new double[] { 5, 7, 9 }));
        Assert.That(x.Sum(1).Data, Is.EqualTo(new double[] { 9, 12 }));
        Assert.That(x.Max(1).Data, Is.EqualTo(new double[] { 5, 6 }));
        Assert.That(x.Mean(0).Data, Is.EqualTo(new double[] { 2.5, 3.5, 4.5 }));
        Assert.That(x.ArgMaxRows(), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void Transpose_and_reshape()
    {
        var x = Tensor<float>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.That(x.Transpose().Data, Is.EqualTo(new float[] { 1, 4, 2, 5, 3, 6 }));
        Assert.That(x.Reshape(3, -1).Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.Throws<ArgumentException>(() => x.Reshape(4, 2));
    }

    [Test]
    public void Random_creation_is_reproducible_from_the_seed()
    {
        var a = Tensor<double>.RandomNormal(new Random(7), 0, 1, 100);
        var b = Tensor<double>.RandomNormal(new Random(7), 0, 1, 100);
        Assert.That(a.Data, Is.EqualTo(b.Data));
        var u = Tensor<float>.RandomUniform(new Random(1), -2, 3, 1000);
        Assert.That(u.Data.Min(), Is.GreaterThanOrEqualTo(-2f));
        Assert.That(u.Data.Max(), Is.LessThan(3f));
    }

    [Test]
    public void ToString_shows_shape_and_elides_long_axes()
    {
        var x = Tensor<double>.FromValues(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), 10);
        Assert.That(x.ToString(), Is.EqualTo("Tensor<Double> (10)\n[0, 1, 2, ..., 7, 8, 9]"));
    }
}
