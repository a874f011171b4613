using Course;
using Course.Reference;

namespace Course.Tests.Reference.Optim;

/// <summary>
/// The optimizers homework's classes as the table in assignments/README.md declares them, checked by reflection as
/// the grader finds them: public, sealed, the contract's base, and each constructor's parameter names, types,
/// order and defaults (the grader binds arguments by position and leaves the rest to the defaults).
/// </summary>
public class SignatureTests
{
    private static IEnumerable<TestCaseData> Units()
    {
        (string, Type, (string, object)[])[] units =
        [
            ("SGD`1", typeof(Optimizer<>), [("learningRate", 1e-3), ("weightDecay", 0.0)]),
            ("Momentum`1", typeof(Optimizer<>), [("learningRate", 1e-3), ("momentum", 0.9), ("weightDecay", 0.0)]),
            ("Nesterov`1", typeof(Optimizer<>), [("learningRate", 1e-3), ("momentum", 0.9), ("weightDecay", 0.0)]),
            ("RMSProp`1", typeof(Optimizer<>), [("learningRate", 1e-2), ("alpha", 0.99), ("eps", 1e-8), ("weightDecay", 0.0)]),
            ("AdaDelta`1", typeof(Optimizer<>), [("learningRate", 1.0), ("rho", 0.9), ("eps", 1e-6), ("weightDecay", 0.0)]),
            ("Adam`1", typeof(Optimizer<>), [("learningRate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("eps", 1e-8), ("weightDecay", 0.0)]),
            ("AdamW`1", typeof(Optimizer<>), [("learningRate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("eps", 1e-8), ("weightDecay", 1e-2)]),
            ("ClipGradNorm`1", typeof(GradientClipping<>), [("maxNorm", DBNull.Value)]),
            ("StepSchedule", typeof(Schedule), [("baseLearningRate", DBNull.Value), ("stepSize", DBNull.Value), ("gamma", 0.1)]),
            ("ExponentialSchedule", typeof(Schedule), [("baseLearningRate", DBNull.Value), ("gamma", DBNull.Value)]),
            ("CosineWarmupSchedule", typeof(Schedule),
                [("baseLearningRate", DBNull.Value), ("warmupSteps", DBNull.Value), ("totalSteps", DBNull.Value), ("minLearningRate", 0.0)]),
        ];
        foreach (var (name, contract, parameters) in units)
            yield return new TestCaseData(name, contract, parameters).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Units))]
    public void The_class_is_declared_as_the_table_says(string name, Type contract, (string Name, object Default)[] expected)
    {
        var type = typeof(Adam<>).Assembly.GetType($"Course.Reference.{name}");
        Assert.That(type, Is.Not.Null, $"Course.Reference.{name}");
        Assert.That(type!.IsPublic && type.IsSealed, Is.True, "public sealed");
        var closed = type.IsGenericTypeDefinition ? type.MakeGenericType(typeof(double)) : type;
        var baseType = contract.IsGenericTypeDefinition ? contract.MakeGenericType(typeof(double)) : contract;
        Assert.That(baseType.IsAssignableFrom(closed), Is.True, $"derives from {baseType.Name}");

        var constructors = closed.GetConstructors();
        Assert.That(constructors, Has.Length.EqualTo(1), "one public constructor");
        var actual = constructors[0].GetParameters();
        if (contract == typeof(Optimizer<>))
        {
            Assert.That(actual[0].Name, Is.EqualTo("parameters"));
            Assert.That(actual[0].ParameterType, Is.EqualTo(typeof(IEnumerable<Parameter<double>>)));
            actual = actual[1..];
        }
        Assert.That(actual.Select(p => p.Name), Is.EqualTo(expected.Select(e => e.Name)), "names and order");
        foreach (var (parameter, (_, value)) in actual.Zip(expected))
        {
            if (value is DBNull) Assert.That(parameter.HasDefaultValue, Is.False, $"{parameter.Name} has no default");
            else Assert.That(parameter.DefaultValue, Is.EqualTo(value), $"{parameter.Name}'s default");
            Assert.That(parameter.ParameterType, Is.EqualTo(parameter.Name is "stepSize" or "warmupSteps" or "totalSteps" ? typeof(int) : typeof(double)),
                $"{parameter.Name}'s type");
        }
    }
}
