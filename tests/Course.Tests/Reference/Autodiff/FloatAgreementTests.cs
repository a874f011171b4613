using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>The float path (twice the vector lanes, other tails) agrees with the double one within float precision.</summary>
public class FloatAgreementTests
{
    private static IEnumerable<TestCaseData> Pairs()
    {
        (string, Func<Function<float>>, Func<Function<double>>, bool)[] ops =
        [
            ("add", () => new AddOp<float>(), () => new AddOp<double>(), true),
            ("sub", () => new SubOp<float>(), () => new SubOp<double>(), true),
            ("mul", () => new MulOp<float>(), () => new MulOp<double>(), true),
            ("div", () => new DivOp<float>(), () => new DivOp<double>(), true),
            ("exp", () => new ExpOp<float>(), () => new ExpOp<double>(), false),
            ("sigmoid", () => new SigmoidOp<float>(), () => new SigmoidOp<double>(), false),
            ("tanh", () => new TanhOp<float>(), () => new TanhOp<double>(), false),
            ("relu", () => new ReluOp<float>(), () => new ReluOp<double>(), false),
            ("pow 1.5", () => new PowOp<float>(1.5), () => new PowOp<double>(1.5), false),
            ("sum axis 0", () => new SumOp<float>([0]), () => new SumOp<double>([0]), false),
            ("mean axes 0, 2", () => new MeanOp<float>([0, 2], true), () => new MeanOp<double>([0, 2], true), false),
            ("log_softmax", () => new LogSoftmaxOp<float>(), () => new LogSoftmaxOp<double>(), false),
            ("log_softmax axis 1", () => new LogSoftmaxOp<float>(1), () => new LogSoftmaxOp<double>(1), false),
        ];
        foreach (var (name, f32, f64, binary) in ops)
            foreach (var seed in new[] { 0, 1, 2 })
                yield return new TestCaseData(f32, f64, binary, seed).SetArgDisplayNames(name, $"seed {seed}");
    }

    [TestCaseSource(nameof(Pairs))]
    public void Float_agrees_with_double(Func<Function<float>> f32, Func<Function<double>> f64, bool binary, int seed)
    {
        var random = new Random(seed);
        var shape = new[] { random.Next(1, 6), random.Next(1, 40), random.Next(1, 40) };
        var inputs = binary
            ? [TestTensors.Uniform(random, 0.5, 2, shape), TestTensors.Uniform(random, 0.5, 2, shape[1..])]
            : new[] { TestTensors.Uniform(random, 0.1, 2, shape) };
        var single = f32();
        var dbl = f64();
        var y64 = dbl.Forward(inputs);
        var y32 = single.Forward(inputs.Select(t => t.Cast<float>()).ToArray());
        OperationTests.AssertClose(y32.Cast<double>(), y64, 1e-5, "forward");
        var dy = TestTensors.Normal(random, 1, y64.Shape);
        var g64 = dbl.Backward(dy);
        var g32 = single.Backward(dy.Cast<float>());
        for (int i = 0; i < g64.Length; i++) OperationTests.AssertClose(g32[i].Cast<double>(), g64[i], 1e-4, $"gradient {i}");
    }
}
