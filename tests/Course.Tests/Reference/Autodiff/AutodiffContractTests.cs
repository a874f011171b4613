using System.Reflection;
using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>The autodiff units are found and built by name and constructor, as the grader does, over float and
/// double; and the defaults are those of the table in assignments/README.md.</summary>
public class AutodiffContractTests
{
    private static readonly (string Name, Type[] Parameters)[] GradedUnits =
    [
        ("AddOp`1", []), ("SubOp`1", []), ("MulOp`1", []), ("DivOp`1", []), ("NegOp`1", []), ("PowOp`1", [typeof(double)]),
        ("ExpOp`1", []), ("LogOp`1", []), ("MatMulOp`1", []), ("SumOp`1", [typeof(int[]), typeof(bool)]),
        ("MeanOp`1", [typeof(int[]), typeof(bool)]), ("BroadcastToOp`1", [typeof(int[])]), ("ReshapeOp`1", [typeof(int[])]),
        ("TransposeOp`1", [typeof(int), typeof(int)]), ("ReluOp`1", []), ("SigmoidOp`1", []), ("TanhOp`1", []),
        ("LogSoftmaxOp`1", [typeof(int)]), ("Autograd`1", []),
    ];

    [TestCase(typeof(double))]
    [TestCase(typeof(float))]
    public void Every_autodiff_unit_is_found_and_built_by_reflection(Type element)
    {
        var assembly = typeof(AddOp<>).Assembly;
        foreach (var (name, parameters) in GradedUnits)
        {
            var open = assembly.GetType($"Course.Reference.{name}");
            Assert.That(open, Is.Not.Null, $"Course.Reference.{name} exists");
            Assert.That(open!.IsPublic && open.IsSealed, Is.True, $"{name} is public and sealed");
            var closed = open.MakeGenericType(element);
            Assert.That(closed.GetConstructor(parameters), Is.Not.Null, $"{name}({string.Join(", ", parameters.Select(p => p.Name))})");
            var contract = name == "Autograd`1" ? typeof(Engine<>) : typeof(Function<>);
            Assert.That(closed.IsSubclassOf(contract.MakeGenericType(element)), Is.True, name);
            var arguments = parameters.Select(p => p == typeof(double) ? (object)2.0 : p == typeof(int[]) ? new[] { 1 } : Type.Missing).ToArray();
            var instance = Activator.CreateInstance(closed,
                BindingFlags.Public | BindingFlags.Instance | BindingFlags.CreateInstance | BindingFlags.OptionalParamBinding,
                null, arguments, null);
            Assert.That(instance, Is.Not.Null, name);
        }
    }

    [Test]
    public void Defaults_are_those_of_the_table()
    {
        var x = TestTensors.Normal(new Random(1), 1, 2, 3, 4);
        Assert.That(new SumOp<double>().Forward(x).Shape, Is.Empty, "all axes, not kept");
        Assert.That(new MeanOp<double>().Forward(x).Shape, Is.Empty);
        Assert.That(new TransposeOp<double>().Forward(x).Shape, Is.EqualTo(new[] { 2, 4, 3 }), "the last two axes");
        var y = new LogSoftmaxOp<double>().Forward(x);
        double rowSum = Enumerable.Range(0, 4).Sum(k => Math.Exp(y[0, 0, k]));
        Assert.That(rowSum, Is.EqualTo(1).Within(1e-12), "along the last axis");
    }

    [Test]
    public void Names_are_the_class_names_without_Op()
    {
        Assert.That(new AddOp<double>().Name, Is.EqualTo("Add"));
        Assert.That(new LogSoftmaxOp<float>().Name, Is.EqualTo("LogSoftmax"));
    }
}
