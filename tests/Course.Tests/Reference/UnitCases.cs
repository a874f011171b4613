using System.Numerics;
using Course;
using Course.Reference;

namespace Course.Tests.Reference;

/// <summary>
/// A graded layer without parameters, how to build it (by reflection over the open generic type, as the grader
/// does), what inputs it is checked on, and its scalar definition.
/// </summary>
public sealed record ActivationCase(
    string Name,
    Type OpenType,
    object[] ConstructorArguments,
    Func<Random, int[], Tensor<double>> Input,
    Func<double[], int, double[]> Forward,
    Func<double[], double[], int, double[]> Backward)
{
    public Module<T> Create<T>() where T : IFloatingPointIeee754<T> =>
        (Module<T>)Activator.CreateInstance(OpenType.MakeGenericType(typeof(T)), ConstructorArguments)!;

    public override string ToString() => Name;
}

/// <summary>A graded loss, its inputs and targets, and its scalar definition (value and gradient).</summary>
public sealed record LossCase(
    string Name,
    Type OpenType,
    Func<Random, int[], (Tensor<double> Input, Tensor<double> Target)> Data,
    Func<double[], double[], int, double> Value,
    Func<double[], double[], int, double[]> Gradient)
{
    public Loss<T> Create<T>() where T : IFloatingPointIeee754<T> =>
        (Loss<T>)Activator.CreateInstance(OpenType.MakeGenericType(typeof(T)))!;

    public override string ToString() => Name;
}

public static class UnitCases
{
    public static IEnumerable<ActivationCase> Activations()
    {
        yield return Elementwise("relu", typeof(ReLU<>), [], Kinked, ScalarReference.Relu, ScalarReference.ReluDerivative);
        yield return Elementwise("leaky_relu 0.01", typeof(LeakyReLU<>), [0.01], Kinked,
            x => ScalarReference.LeakyRelu(x, 0.01), x => ScalarReference.LeakyReluDerivative(x, 0.01));
        yield return Elementwise("leaky_relu 0.3", typeof(LeakyReLU<>), [0.3], Kinked,
            x => ScalarReference.LeakyRelu(x, 0.3), x => ScalarReference.LeakyReluDerivative(x, 0.3));
        yield return Elementwise("sigmoid", typeof(Sigmoid<>), [], Smooth, ScalarReference.Sigmoid, ScalarReference.SigmoidDerivative);
        yield return Elementwise("tanh", typeof(Tanh<>), [], Smooth, Math.Tanh, ScalarReference.TanhDerivative);
        yield return Elementwise("softplus", typeof(Softplus<>), [], Smooth, ScalarReference.Softplus, ScalarReference.Sigmoid);
        yield return Elementwise("elu 1.0", typeof(ELU<>), [1.0], Kinked,
            x => ScalarReference.Elu(x, 1.0), x => ScalarReference.EluDerivative(x, 1.0));
        yield return Elementwise("elu 0.7", typeof(ELU<>), [0.7], Kinked,
            x => ScalarReference.Elu(x, 0.7), x => ScalarReference.EluDerivative(x, 0.7));
        yield return new ActivationCase("softmax", typeof(Softmax<>), [], Logits, ScalarReference.Softmax, ScalarReference.SoftmaxBackward);
        yield return new ActivationCase("log_softmax", typeof(LogSoftmax<>), [], Logits, ScalarReference.LogSoftmax, ScalarReference.LogSoftmaxBackward);
    }

    public static IEnumerable<LossCase> Losses()
    {
        yield return new LossCase("mse", typeof(MSELoss<>),
            (r, s) => (TestTensors.Normal(r, 1, s), TestTensors.Normal(r, 1, s)),
            (x, y, _) => ScalarReference.Mse(x, y), (x, y, _) => ScalarReference.MseGradient(x, y));
        yield return new LossCase("bce soft targets", typeof(BCELoss<>),
            (r, s) => (TestTensors.Uniform(r, 0.05, 0.95, s), TestTensors.Uniform(r, 0, 1, s)),
            (p, y, _) => ScalarReference.Bce(p, y), (p, y, _) => ScalarReference.BceGradient(p, y));
        yield return new LossCase("bce binary targets", typeof(BCELoss<>),
            (r, s) => (TestTensors.Uniform(r, 0.05, 0.95, s), TestTensors.Binary(r, s)),
            (p, y, _) => ScalarReference.Bce(p, y), (p, y, _) => ScalarReference.BceGradient(p, y));
        yield return new LossCase("bce_logits", typeof(BCEWithLogitsLoss<>),
            (r, s) => (TestTensors.Normal(r, 3, s), TestTensors.Binary(r, s)),
            (x, y, _) => ScalarReference.BceWithLogits(x, y), (x, y, _) => ScalarReference.BceWithLogitsGradient(x, y));
        yield return new LossCase("softmax_ce one-hot", typeof(SoftmaxCrossEntropyLoss<>),
            (r, s) => (TestTensors.Normal(r, 2, s), TestTensors.OneHot(r, s[0], s[1])),
            ScalarReference.SoftmaxCrossEntropy, ScalarReference.SoftmaxCrossEntropyGradient);
        yield return new LossCase("softmax_ce probabilities", typeof(SoftmaxCrossEntropyLoss<>),
            (r, s) => (TestTensors.Normal(r, 2, s), TestTensors.ProbabilityRows(r, s[0], s[1])),
            ScalarReference.SoftmaxCrossEntropy, ScalarReference.SoftmaxCrossEntropyGradient);
    }

    private static Tensor<double> Kinked(Random random, int[] shape) => TestTensors.AwayFromZero(random, 1.5, shape);

    private static Tensor<double> Smooth(Random random, int[] shape) => TestTensors.Normal(random, 2, shape);

    private static Tensor<double> Logits(Random random, int[] shape) => TestTensors.Normal(random, 3, shape);

    private static ActivationCase Elementwise(string name, Type type, object[] arguments,
        Func<Random, int[], Tensor<double>> input, Func<double, double> f, Func<double, double> derivative) =>
        new(name, type, arguments, input,
            (x, _) => ScalarReference.Map(x, f),
            (x, dy, _) => ScalarReference.ChainRule(x, dy, derivative));
}
