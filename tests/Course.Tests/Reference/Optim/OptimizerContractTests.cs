using Course;
using Course.Reference;
using Course.SelfCheck;

namespace Course.Tests.Reference.Optim;

/// <summary>What every optimizer promises besides its rule: per-parameter state, gradients left alone, PyTorch's
/// defaults, no allocation after the first step, and the hyper-parameter checks.</summary>
public class OptimizerContractTests
{
    private static IEnumerable<OptimizerCase> Cases() => OptimizerCase.All();

    [TestCaseSource(nameof(Cases))]
    public void Step_leaves_the_gradients_unchanged(OptimizerCase unit)
    {
        var random = new Random(1);
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        var optimizer = unit.Create(parameters, unit.LearningRate, 0.1);
        for (int step = 0; step < 3; step++)
        {
            OptimizerInputs.RandomGradients(random, parameters);
            var before = OptimizerInputs.Copy(parameters, p => p.Grad);
            optimizer.Step();
            Assert.That(OptimizerInputs.Copy(parameters, p => p.Grad), Is.EqualTo(before), $"step {step + 1} changed a gradient");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Each_parameter_keeps_its_own_state(OptimizerCase unit)
    {
        // One optimizer over all parameters must move each exactly as an optimizer over that parameter alone:
        // different shapes and different gradient histories, so shared or mixed-up state would show.
        var random = new Random(2);
        var together = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        var alone = together.Select(p => new Parameter<double>(p.Name, p.Value.Clone())).ToArray();
        var optimizer = unit.Create(together, unit.LearningRate, 0.1);
        var separate = alone.Select(p => unit.Create([p], unit.LearningRate, 0.1)).ToArray();

        for (int step = 0; step < 20; step++)
        {
            OptimizerInputs.RandomGradients(random, together);
            for (int k = 0; k < together.Length; k++) alone[k].Grad.CopyFrom(together[k].Grad);
            optimizer.Step();
            foreach (var single in separate) single.Step();
            for (int k = 0; k < together.Length; k++)
                Assert.That(together[k].Value.Data, Is.EqualTo(alone[k].Value.Data), $"step {step + 1}, parameter {together[k]}");
        }
    }

    private static IEnumerable<TestCaseData> Defaults()
    {
        // PyTorch's defaults written out, independently of the classes: (lr, the scalar rule with torch's values).
        (string, Func<IEnumerable<Parameter<double>>, Optimizer<double>>, double, ScalarOptimizer)[] cases =
        [
            ("sgd", p => new SGD<double>(p), 1e-3, new ScalarSgd(0)),
            ("momentum", p => new Momentum<double>(p), 1e-3, new ScalarMomentum(0.9, 0)),
            ("nesterov", p => new Nesterov<double>(p), 1e-3, new ScalarNesterov(0.9, 0)),
            ("rmsprop", p => new RMSProp<double>(p), 1e-2, new ScalarRmsProp(0.99, 1e-8, 0)),
            ("adadelta", p => new AdaDelta<double>(p), 1.0, new ScalarAdaDelta(0.9, 1e-6, 0)),
            ("adam", p => new Adam<double>(p), 1e-3, new ScalarAdam(0.9, 0.999, 1e-8, 0)),
            ("adamw", p => new AdamW<double>(p), 1e-3, new ScalarAdam(0.9, 0.999, 1e-8, 1e-2, decoupled: true)),
        ];
        foreach (var (name, create, learningRate, scalar) in cases)
            yield return new TestCaseData(create, learningRate, scalar).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Defaults))]
    public void Defaults_are_PyTorchs(Func<IEnumerable<Parameter<double>>, Optimizer<double>> create, double learningRate, ScalarOptimizer scalar)
    {
        var random = new Random(3);
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        var thetas = OptimizerInputs.Copy(parameters, p => p.Value);
        var optimizer = create(parameters);
        Assert.That(optimizer.LearningRate, Is.EqualTo(learningRate));
        // Gradients down to 1e-3 make ε visible: a wrong ε or β changes θ by far more than the tolerance.
        for (int step = 0; step < 10; step++)
        {
            OptimizerInputs.RandomGradients(random, parameters);
            var grads = OptimizerInputs.Copy(parameters, p => p.Grad);
            optimizer.Step();
            scalar.Step(thetas, grads, learningRate);
            for (int k = 0; k < parameters.Length; k++)
                Assert.That(RelativeError.Max(parameters[k].Value.Data, thetas[k]), Is.LessThanOrEqualTo(1e-12), $"step {step + 1}, parameter {k}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Steps_after_the_first_allocate_nothing(OptimizerCase unit)
    {
        var random = new Random(4);
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        OptimizerInputs.RandomGradients(random, parameters);
        var optimizer = unit.Create(parameters, unit.LearningRate, 0.1);
        optimizer.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 5; step++) optimizer.Step();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCaseSource(nameof(Cases))]
    public void ZeroGrad_sets_every_gradient_to_zero(OptimizerCase unit)
    {
        var random = new Random(5);
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        OptimizerInputs.RandomGradients(random, parameters);
        var optimizer = unit.Create(parameters, unit.LearningRate, 0);
        optimizer.Step();
        optimizer.ZeroGrad();
        Assert.That(parameters.SelectMany(p => p.Grad.Data), Is.All.Zero);
    }

    [TestCaseSource(nameof(Cases))]
    public void A_learning_rate_of_zero_leaves_the_parameters_where_they_are(OptimizerCase unit)
    {
        var random = new Random(6);
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        var before = OptimizerInputs.Copy(parameters, p => p.Value);
        var optimizer = unit.Create(parameters, 0, 0.1);
        for (int step = 0; step < 3; step++)
        {
            OptimizerInputs.RandomGradients(random, parameters);
            optimizer.Step();
        }
        Assert.That(OptimizerInputs.Copy(parameters, p => p.Value), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(Cases))]
    public void A_parameter_given_twice_is_refused(OptimizerCase unit)
    {
        var parameter = new Parameter<double>("w", Tensor<double>.Ones(3));
        var error = Assert.Throws<ArgumentException>(() => unit.Create([parameter, parameter], unit.LearningRate, 0));
        Assert.That(error!.Message, Does.Contain("twice"));
    }

    private static IEnumerable<TestCaseData> InvalidHyperParameters()
    {
        Parameter<double>[] p = [new("w", Tensor<double>.Ones(2))];
        (string, TestDelegate)[] cases =
        [
            ("learningRate", () => new SGD<double>(p, -0.1)),
            ("learningRate", () => new Adam<double>(p, double.NaN)),
            ("weightDecay", () => new SGD<double>(p, 0.1, -1e-4)),
            ("momentum", () => new Momentum<double>(p, 0.1, -0.5)),
            ("momentum", () => new Nesterov<double>(p, 0.1, 0)),
            ("weightDecay", () => new Nesterov<double>(p, 0.1, 0.9, -1)),
            ("alpha", () => new RMSProp<double>(p, 0.1, -0.1)),
            ("eps", () => new RMSProp<double>(p, 0.1, 0.9, -1e-8)),
            ("rho", () => new AdaDelta<double>(p, 1, 1.5)),
            ("eps", () => new AdaDelta<double>(p, 1, 0.9, -1)),
            ("beta1", () => new Adam<double>(p, 1e-3, 1.0)),
            ("beta2", () => new Adam<double>(p, 1e-3, 0.9, -0.1)),
            ("eps", () => new Adam<double>(p, 1e-3, 0.9, 0.999, double.NaN)),
            ("weightDecay", () => new Adam<double>(p, 1e-3, 0.9, 0.999, 1e-8, -1)),
            ("beta1", () => new AdamW<double>(p, 1e-3, -0.1)),
            ("beta2", () => new AdamW<double>(p, 1e-3, 0.9, 1)),
            ("weightDecay", () => new AdamW<double>(p, 1e-3, 0.9, 0.999, 1e-8, -0.01)),
            ("maxNorm", () => new ClipGradNorm<double>(-1)),
        ];
        return cases.Select((c, i) => new TestCaseData(c.Item2, c.Item1).SetArgDisplayNames($"{i}", c.Item1));
    }

    [TestCaseSource(nameof(InvalidHyperParameters))]
    public void An_invalid_hyper_parameter_is_refused_by_name(TestDelegate construct, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(construct);
        Assert.That(error!.ParamName, Is.EqualTo(name));
        Assert.That(error.Message, Does.Contain("must be"));
    }
}
