using Course;
using Course.Reference;

namespace Course.Tests.Reference.Optim;

/// <summary>Clipping by the global norm of all gradients together, as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public class ClipGradNormTests
{
    private static Parameter<double> WithGradient(params double[] grad)
    {
        var parameter = new Parameter<double>("p", Tensor<double>.Ones(grad.Length));
        grad.CopyTo(parameter.Grad.Data, 0);
        return parameter;
    }

    [Test]
    public void The_norm_is_taken_over_all_gradients_and_returned()
    {
        Parameter<double>[] parameters = [WithGradient(3, 4), WithGradient(12)];
        Assert.That(new ClipGradNorm<double>(100).Clip(parameters), Is.EqualTo(13).Within(1e-15));
    }

    [Test]
    public void Gradients_above_the_limit_are_scaled_together_to_it()
    {
        Parameter<double>[] parameters = [WithGradient(3, 4), WithGradient(12)];
        double norm = new ClipGradNorm<double>(6.5).Clip(parameters);

        Assert.That(norm, Is.EqualTo(13).Within(1e-15), "the norm before clipping");
        double scale = 6.5 / (13 + 1e-6);
        Assert.That(parameters[0].Grad.Data, Is.EqualTo(new[] { 3 * scale, 4 * scale }).Within(1e-15));
        Assert.That(parameters[1].Grad.Data, Is.EqualTo(new[] { 12 * scale }).Within(1e-15));
        Assert.That(parameters.SelectMany(p => p.Value.Data), Is.All.EqualTo(1.0), "the values must be left alone");
    }

    [TestCase(13.0)]
    [TestCase(20.0)]
    public void Gradients_within_the_limit_are_left_alone(double maxNorm)
    {
        Parameter<double>[] parameters = [WithGradient(3, 4), WithGradient(12)];
        new ClipGradNorm<double>(maxNorm).Clip(parameters);
        Assert.That(parameters[0].Grad.Data, Is.EqualTo(new[] { 3.0, 4.0 }));
        Assert.That(parameters[1].Grad.Data, Is.EqualTo(new[] { 12.0 }));
    }

    [Test]
    public void Zero_gradients_give_norm_zero_and_stay_zero()
    {
        Parameter<double>[] parameters = [WithGradient(0, 0, 0)];
        Assert.That(new ClipGradNorm<double>(0).Clip(parameters), Is.Zero);
        Assert.That(parameters[0].Grad.Data, Is.All.Zero);
    }

    [Test]
    public void Many_tensors_with_vector_tails_match_the_definition()
    {
        var random = new Random(3);
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        OptimizerInputs.RandomGradients(random, parameters);
        var grads = OptimizerInputs.Copy(parameters, p => p.Grad);
        double expected = Math.Sqrt(grads.SelectMany(g => g).Sum(g => g * g));

        double norm = new ClipGradNorm<double>(expected / 3).Clip(parameters);

        Assert.That(norm, Is.EqualTo(expected).Within(1e-12 * expected));
        double scale = expected / 3 / (expected + 1e-6);
        for (int k = 0; k < parameters.Length; k++)
            Assert.That(parameters[k].Grad.Data, Is.EqualTo(grads[k].Select(g => g * scale)).Within(1e-15), $"parameter {k}");
    }

    [Test]
    public void Float_gradients_clip_as_double_ones_do()
    {
        var random = new Random(4);
        var singles = OptimizerInputs.Shapes.Select(s => new Parameter<float>("p", Tensor<float>.Ones(s))).ToArray();
        foreach (var p in singles) p.Grad.CopyFrom(Tensor<float>.RandomNormal(random, 0, 1, p.Grad.Shape));
        var doubles = singles.Select(p => { var d = new Parameter<double>("p", p.Value.Cast<double>()); d.Grad.CopyFrom(p.Grad.Cast<double>()); return d; }).ToArray();

        double normSingle = new ClipGradNorm<float>(1).Clip(singles);
        double normDouble = new ClipGradNorm<double>(1).Clip(doubles);

        Assert.That(normSingle, Is.EqualTo(normDouble).Within(1e-6 * normDouble));
        for (int k = 0; k < singles.Length; k++)
            Assert.That(singles[k].Grad.Cast<double>().Data, Is.EqualTo(doubles[k].Grad.Data).Within(1e-6));
    }
}
