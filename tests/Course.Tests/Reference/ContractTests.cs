using System.Numerics;
using System.Reflection;
using Course;
using Course.Reference;
using Course.SelfCheck;

namespace Course.Tests.Reference;

/// <summary>
/// What the grader and the Module/Loss contract rely on beyond the maths: names and constructors found by
/// reflection, float and double both working, parameter order, accumulation, training mode, and inputs left alone.
/// </summary>
public class ContractTests
{
    /// <summary>Class name → constructor parameter types, exactly as the table in assignments/README.md has them.</summary>
    private static readonly (string Name, Type[] Parameters)[] GradedUnits =
    [
        ("Linear`1", [typeof(int), typeof(int), typeof(Random)]),
        ("ReLU`1", []), ("LeakyReLU`1", [typeof(double)]), ("Sigmoid`1", []), ("Tanh`1", []), ("Softplus`1", []),
        ("ELU`1", [typeof(double)]), ("Softmax`1", []), ("LogSoftmax`1", []),
        ("MSELoss`1", []), ("BCELoss`1", []), ("BCEWithLogitsLoss`1", []), ("SoftmaxCrossEntropyLoss`1", []),
        ("Sequential`1", [typeof(Module<>).MakeArrayType()]),
        ("XavierUniform`1", []), ("HeNormal`1", []),
    ];

    [TestCase(typeof(double))]
    [TestCase(typeof(float))]
    public void Every_graded_unit_is_found_and_built_by_reflection_as_the_grader_does(Type element)
    {
        var assembly = typeof(Linear<>).Assembly;
        foreach (var (name, parameters) in GradedUnits)
        {
            var open = assembly.GetType($"Course.Reference.{name}");
            Assert.That(open, Is.Not.Null, $"Course.Reference.{name} exists");
            Assert.That(open!.IsPublic, Is.True, name);
            var closed = open.MakeGenericType(element);
            var expected = parameters.Select(p => p.IsArray ? typeof(Module<>).MakeGenericType(element).MakeArrayType() : p).ToArray();
            var constructor = closed.GetConstructor(expected);
            Assert.That(constructor, Is.Not.Null, $"{name}({string.Join(", ", expected.Select(p => p.Name))})");
            // Optional arguments left out, as a caller of the README's signatures would.
            var instance = Activator.CreateInstance(closed,
                BindingFlags.Public | BindingFlags.Instance | BindingFlags.CreateInstance | BindingFlags.OptionalParamBinding,
                null, parameters.Length == 0 ? [] : Arguments(name, element), null);
            var contract = name.EndsWith("Loss`1") ? typeof(Loss<>) : name is "XavierUniform`1" or "HeNormal`1" ? typeof(Initializer<>) : typeof(Module<>);
            Assert.That(instance, Is.InstanceOf(contract.MakeGenericType(element)), name);
        }
    }

    private static object?[] Arguments(string name, Type element) => name switch
    {
        "Linear`1" => [3, 2, Type.Missing],
        "Sequential`1" => [Array.CreateInstance(typeof(Module<>).MakeGenericType(element), 0)],
        _ => [Type.Missing],
    };

    [Test]
    public void Constructor_defaults_are_those_of_the_README()
    {
        Assert.That(new LeakyReLU<double>().NegativeSlope, Is.EqualTo(0.01));
        Assert.That(new ELU<double>().Alpha, Is.EqualTo(1.0));
        var y = new LeakyReLU<double>().Forward(Tensor<double>.FromValues([-2, 3], 2));
        Assert.That(y.Data, Is.EqualTo(new[] { -0.02, 3 }));
        var e = new ELU<double>().Forward(Tensor<double>.FromValues([-1], 1));
        Assert.That(e[0], Is.EqualTo(Math.Exp(-1) - 1).Within(1e-15));
    }

    /// <summary>
    /// float works, to float accuracy: the floor of 1e-2 absorbs cancellations inherent to the formulas in float
    /// (1 − tanh² near saturation), the tolerance of 1e-4 still catches any wrong float code path.
    /// </summary>
    [Test]
    public void Float_instances_agree_with_double_instances()
    {
        var random = new Random(3);
        foreach (var unit in UnitCases.Activations())
        {
            var x = unit.Input(random, [13, 37]);
            var dy = TestTensors.Normal(random, 1, 13, 37);
            var moduleF = unit.Create<float>();
            var moduleD = unit.Create<double>();
            var yF = moduleF.Forward(x.Cast<float>()).Cast<double>();
            var dxF = moduleF.Backward(dy.Cast<float>()).Cast<double>();
            Assert.That(RelativeError.Max(yF, moduleD.Forward(x), floor: 1e-2), Is.LessThan(1e-4), unit.Name);
            Assert.That(RelativeError.Max(dxF, moduleD.Backward(dy), floor: 1e-2), Is.LessThan(1e-4), unit.Name);
        }
        foreach (var unit in UnitCases.Losses())
        {
            var (x, target) = unit.Data(random, [13, 37]);
            var lossF = unit.Create<float>();
            var lossD = unit.Create<double>();
            double valueF = lossF.Forward(x.Cast<float>(), target.Cast<float>());
            Assert.That(RelativeError.Max([valueF], [lossD.Forward(x, target)]), Is.LessThan(1e-5), unit.Name);
            Assert.That(RelativeError.Max(lossF.Backward().Cast<double>(), lossD.Backward(), floor: 1e-2), Is.LessThan(1e-4), unit.Name);
        }

        var linearD = new Linear<double>(129, 65, new Random(1));
        var linearF = new Linear<float>(129, 65, new Random(1));
        Assert.That(linearF.Weight.Value.Cast<double>().Data, Is.EqualTo(linearD.Weight.Value.Data).Within(1e-7), "same seed, same weights");
        var input = TestTensors.Normal(random, 1, 31, 129);
        // A sum of 129 float products: compare absolutely below 1, where cancellation leaves float nothing relative.
        Assert.That(RelativeError.Max(linearF.Forward(input.Cast<float>()).Cast<double>(), linearD.Forward(input), floor: 1.0),
            Is.LessThan(1e-5), "linear");
    }

    [Test]
    public void Linear_lists_weight_then_bias_with_the_documented_shapes_and_initial_range()
    {
        var layer = new Linear<double>(400, 30, new Random(0));
        var parameters = layer.Parameters().ToList();
        Assert.That(parameters.Select(p => p.Name), Is.EqualTo(new[] { "weight", "bias" }));
        Assert.That(parameters[0].Value.Shape, Is.EqualTo(new[] { 400, 30 }));
        Assert.That(parameters[1].Value.Shape, Is.EqualTo(new[] { 30 }));
        Assert.That(parameters[0], Is.SameAs(layer.Weight));
        double bound = 1 / Math.Sqrt(400);
        Assert.That(layer.Weight.Value.Data, Is.All.InRange(-bound, bound));
        Assert.That(layer.Weight.Value.Data.Max(), Is.GreaterThan(0.99 * bound));
        Assert.That(layer.Bias.Value.Data.Any(v => v != 0), Is.True);
    }

    [Test]
    public void Linear_gradients_accumulate_over_backward_calls_until_zero_grad()
    {
        var random = new Random(4);
        var layer = new Linear<double>(5, 3, random);
        var x = TestTensors.Normal(random, 1, 4, 5);
        var dy = TestTensors.Normal(random, 1, 4, 3);
        layer.Forward(x);
        layer.Backward(dy);
        var once = layer.Parameters().Select(p => p.Grad.Clone()).ToList();
        layer.Forward(x);
        layer.Backward(dy);
        var twice = layer.Parameters().Select(p => p.Grad).ToList();
        for (int i = 0; i < once.Count; i++)
            Assert.That(twice[i].Data, Is.EqualTo(once[i].Data.Select(v => 2 * v)).Within(1e-12));
        layer.ZeroGrad();
        Assert.That(layer.Parameters().SelectMany(p => p.Grad.Data), Is.All.EqualTo(0.0));
    }

    [Test]
    public void Sequential_concatenates_parameters_in_layer_order_and_propagates_the_mode()
    {
        var random = new Random(0);
        var first = new Linear<float>(4, 3, random);
        var second = new Linear<float>(3, 2, random);
        var relu = new ReLU<float>();
        var inner = new Sequential<float>(relu, second);
        var model = new Sequential<float>(first, inner);

        Assert.That(model.Parameters(), Is.EqualTo(new[] { first.Weight, first.Bias, second.Weight, second.Bias }));
        model.Eval();
        Assert.That(new Module<float>[] { model, first, inner, relu, second }.Select(m => m.IsTraining), Is.All.False);
        model.Train();
        Assert.That(new Module<float>[] { model, first, inner, relu, second }.Select(m => m.IsTraining), Is.All.True);
    }

    [Test]
    public void No_unit_modifies_its_arguments()
    {
        var random = new Random(9);
        var modules = UnitCases.Activations().Select(u => (u.Name, u.Create<double>()))
            .Append(("linear", new Linear<double>(7, 7, random)))
            .Append(("sequential", new Sequential<double>(new Linear<double>(7, 7, random), new ReLU<double>())));
        foreach (var (name, module) in modules)
        {
            var x = TestTensors.Normal(random, 1, 3, 7);
            var dy = TestTensors.Normal(random, 1, 3, 7);
            var (xCopy, dyCopy) = (x.Clone(), dy.Clone());
            module.Forward(x);
            module.Backward(dy);
            Assert.That(x.Data, Is.EqualTo(xCopy.Data), $"{name} input");
            Assert.That(dy.Data, Is.EqualTo(dyCopy.Data), $"{name} gradient");
        }
        foreach (var unit in UnitCases.Losses())
        {
            var (x, target) = unit.Data(random, [3, 7]);
            var (xCopy, targetCopy) = (x.Clone(), target.Clone());
            var loss = unit.Create<double>();
            loss.Forward(x, target);
            loss.Backward();
            Assert.That(x.Data, Is.EqualTo(xCopy.Data), $"{unit.Name} input");
            Assert.That(target.Data, Is.EqualTo(targetCopy.Data), $"{unit.Name} target");
        }
    }

    [Test]
    public void Backward_uses_the_forward_input_even_if_the_caller_reuses_its_buffer()
    {
        var random = new Random(2);
        var layer = new Linear<double>(3, 2, random);
        var x = TestTensors.Normal(random, 1, 4, 3);
        var dy = TestTensors.Normal(random, 1, 4, 2);
        layer.Forward(x.Clone());
        layer.Backward(dy);
        var expected = layer.Weight.Grad.Clone();

        layer.ZeroGrad();
        var buffer = x.Clone();
        layer.Forward(buffer);
        buffer.Fill(123); // e.g. a data loader refilling its batch
        layer.Backward(dy);
        Assert.That(layer.Weight.Grad.Data, Is.EqualTo(expected.Data));
    }

    [Test]
    public void Shape_errors_name_the_layer_and_the_shapes()
    {
        var layer = new Linear<double>(3, 2);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor<double>(4, 5)));
        Assert.That(ex!.Message, Does.Contain("Linear").And.Contain("(4, 5)").And.Contain("3"));
        layer.Forward(new Tensor<double>(4, 3));
        ex = Assert.Throws<ArgumentException>(() => layer.Backward(new Tensor<double>(4, 3)));
        Assert.That(ex!.Message, Does.Contain("(4, 3)").And.Contain("(4, 2)"));
        Assert.Throws<InvalidOperationException>(() => new ReLU<double>().Backward(new Tensor<double>(1, 1)));
        ex = Assert.Throws<ArgumentException>(() => new MSELoss<double>().Forward(new Tensor<double>(2, 3), new Tensor<double>(3, 2)));
        Assert.That(ex!.Message, Does.Contain("(2, 3)").And.Contain("(3, 2)"));
    }
}
