using Course;
using Course.Reference;
using Course.SelfCheck;

namespace Course.Tests.Reference;

/// <summary>
/// Every backward pass against central differences of its own forward pass (the contract's
/// <see cref="GradCheck"/>, float64), on random shapes from several seeds.
/// </summary>
public class GradientCheckTests
{
    private static readonly int[] Seeds = [0, 1, 2, 3];

    private static IEnumerable<TestCaseData> ActivationsTimesSeeds() =>
        from unit in UnitCases.Activations()
        from seed in Seeds
        select new TestCaseData(unit, seed).SetArgDisplayNames(unit.Name, $"seed {seed}");

    private static IEnumerable<TestCaseData> LossesTimesSeeds() =>
        from unit in UnitCases.Losses()
        from seed in Seeds
        select new TestCaseData(unit, seed).SetArgDisplayNames(unit.Name, $"seed {seed}");

    [TestCaseSource(nameof(ActivationsTimesSeeds))]
    public void Activation_backward_passes_the_gradient_check(ActivationCase unit, int seed)
    {
        var random = new Random(seed);
        var input = unit.Input(random, TestTensors.SmallShape(random));
        var report = GradCheck.CheckModule(unit.Create<double>(), input, seed);
        Assert.That(report.Passed, Is.True, report.ToString());
    }

    [TestCaseSource(nameof(LossesTimesSeeds))]
    public void Loss_backward_passes_the_gradient_check(LossCase unit, int seed)
    {
        var random = new Random(seed);
        var (input, target) = unit.Data(random, TestTensors.SmallShape(random));
        var report = GradCheck.CheckLoss(unit.Create<double>(), input, target);
        Assert.That(report.Passed, Is.True, report.ToString());
    }

    [TestCaseSource(nameof(Seeds))]
    public void Linear_backward_passes_the_gradient_check(int seed)
    {
        var random = new Random(seed);
        int batch = random.Next(1, 7), inFeatures = random.Next(1, 10), outFeatures = random.Next(1, 10);
        var layer = new Linear<double>(inFeatures, outFeatures, random);
        var report = GradCheck.CheckModule(layer, TestTensors.Normal(random, 1, batch, inFeatures), seed);
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Entries.Select(e => e.Name), Is.EqualTo(new[] { "input", "weight", "bias" }));
    }

    [TestCaseSource(nameof(Seeds))]
    public void Sequential_backward_passes_the_gradient_check(int seed)
    {
        var random = new Random(seed);
        int batch = random.Next(1, 6);
        var model = new Sequential<double>(
            new Linear<double>(6, 5, random), new Tanh<double>(),
            new Linear<double>(5, 4, random), new Softplus<double>(),
            new Linear<double>(4, 3, random), new Softmax<double>());
        var report = GradCheck.CheckModule(model, TestTensors.Normal(random, 1, batch, 6), seed);
        Assert.That(report.Passed, Is.True, report.ToString());
        Assert.That(report.Entries, Has.Count.EqualTo(7), "the input and six parameters");
    }

    /// <summary>The check above has teeth: a Linear whose weight gradient is 1 % off fails it.</summary>
    [Test]
    public void A_slightly_wrong_backward_fails_the_gradient_check()
    {
        var random = new Random(5);
        var report = GradCheck.CheckModule(new SkewedWeightGradient(new Linear<double>(4, 3, random)),
            TestTensors.Normal(random, 1, 2, 4));
        Assert.That(report.Passed, Is.False, report.ToString());
    }

    private sealed class SkewedWeightGradient(Linear<double> inner) : Module<double>
    {
        public override Tensor<double> Forward(Tensor<double> input) => inner.Forward(input);

        public override Tensor<double> Backward(Tensor<double> gradOutput)
        {
            var before = inner.Weight.Grad.Clone();
            var dx = inner.Backward(gradOutput);
            var added = inner.Weight.Grad - before;
            inner.Weight.Grad.CopyFrom(before + added * 1.01);
            return dx;
        }

        public override IEnumerable<Parameter<double>> Parameters() => inner.Parameters();
    }
}
