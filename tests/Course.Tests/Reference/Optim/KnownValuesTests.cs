using Course;
using Course.Reference;

namespace Course.Tests.Reference.Optim;

/// <summary>
/// Fixed-vector values published by other courses' optimizer homework, where their rule is PyTorch's: CS231n's
/// 4×5 fixtures (w = linspace(−0.4, 0.6), dw = linspace(−0.6, 0.4), state from linspaces) and Practical_DL's Adam
/// on arange(10). CS231n's momentum keeps v = μv − η·g in parameter units; with a constant rate that is PyTorch's
/// b = −v/η, so its fixture applies once its velocity is converted.
/// </summary>
public class KnownValuesTests
{
    private const double PrintedPrecision = 1e-8;

    private static double[] Linspace(double start, double stop, int count) =>
        Enumerable.Range(0, count).Select(i => start + (stop - start) * i / (count - 1)).ToArray();

    private static Parameter<double> Cs231nParameter()
    {
        var parameter = new Parameter<double>("w", new Tensor<double>(Linspace(-0.4, 0.6, 20), 4, 5));
        Linspace(-0.6, 0.4, 20).CopyTo(parameter.Grad.Data, 0);
        return parameter;
    }

    [Test]
    public void Momentum_matches_CS231n_sgd_momentum()
    {
        const double learningRate = 1e-3;
        var w = Cs231nParameter();
        var optimizer = new Momentum<double>([w], learningRate, 0.9);
        var velocity = Linspace(0.6, 0.9, 20);
        var buffer = optimizer.State.Buffer(0, 0);
        for (int i = 0; i < 20; i++) buffer[i] = -velocity[i] / learningRate;
        optimizer.State.Steps[0] = 1;

        optimizer.Step();

        Assert.That(w.Value.Data[0], Is.EqualTo(0.1406).Within(PrintedPrecision));
        Assert.That(w.Value.Data[1], Is.EqualTo(0.20738947).Within(PrintedPrecision));
    }

    [Test]
    public void RMSProp_matches_CS231n_rmsprop()
    {
        var w = Cs231nParameter();
        var optimizer = new RMSProp<double>([w], 1e-2, 0.99, 1e-8);
        Linspace(0.6, 0.9, 20).CopyTo(optimizer.State.Buffer(0, 0));
        optimizer.State.Steps[0] = 1;

        optimizer.Step();

        Assert.That(w.Value.Data[0], Is.EqualTo(-0.39223849).Within(PrintedPrecision));
    }

    [Test]
    public void Adam_matches_CS231n_adam_at_step_6()
    {
        var w = Cs231nParameter();
        var optimizer = new Adam<double>([w], 1e-2, 0.9, 0.999, 1e-8);
        Linspace(0.6, 0.9, 20).CopyTo(optimizer.State.Buffer(0, 0));
        Linspace(0.7, 0.5, 20).CopyTo(optimizer.State.Buffer(1, 0));
        optimizer.State.Steps[0] = 5;

        optimizer.Step();

        Assert.That(w.Value.Data[0], Is.EqualTo(-0.40094747).Within(PrintedPrecision));
        Assert.That(optimizer.State.Buffer(0, 0)[0], Is.EqualTo(0.48).Within(PrintedPrecision), "m");
        Assert.That(optimizer.State.Buffer(1, 0)[0], Is.EqualTo(0.69966).Within(PrintedPrecision), "v");
        Assert.That(optimizer.State.Steps[0], Is.EqualTo(6), "t");
    }

    [Test]
    public void Adam_matches_Practical_DL_on_arange()
    {
        // Values and gradients arange(10): with bias correction the first steps move every nonzero value by η
        // (less ε's share), and the one with a zero gradient not at all.
        var x = new Parameter<double>("x", new Tensor<double>(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), 10));
        for (int i = 0; i < 10; i++) x.Grad.Data[i] = i;
        var optimizer = new Adam<double>([x], 1e-3);

        optimizer.Step();
        Assert.That(x.Value.Data, Is.EqualTo(new[] { 0, 0.999, 1.999, 2.999, 3.999, 4.999, 5.999, 6.999, 7.999, 8.999 }).Within(1e-9));
        for (int i = 1; i < 10; i++)
            Assert.That(x.Value.Data[i], Is.EqualTo(i - 1e-3 * i / (i + 1e-8)).Within(1e-15), $"element {i}, exactly");

        optimizer.Step();
        Assert.That(x.Value.Data, Is.EqualTo(new[] { 0, 0.998, 1.998, 2.998, 3.998, 4.998, 5.998, 6.998, 7.998, 8.998 }).Within(1e-9));
    }
}
