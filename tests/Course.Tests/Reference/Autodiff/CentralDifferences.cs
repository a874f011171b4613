using Course;

namespace Course.Tests.Reference.Autodiff;

/// <summary>
/// A function's backward pass against central differences of its forward pass in float64: the vector–Jacobian
/// product with a random upstream gradient dy, numerically Σ dy ⊙ (f(x + h) − f(x − h)) / 2h per input element,
/// each forward on a fresh instance.
/// </summary>
internal static class CentralDifferences
{
    private const double Step = 1e-5;

    /// <summary>The largest error |analytic − numeric| / max(1, |analytic| + |numeric|) over every input element:
    /// relative for gradients above 1, absolute below (where round-off of the differences dominates).</summary>
    public static double MaxError(Func<Function<double>> create, Tensor<double>[] inputs, Random random)
    {
        var function = create();
        var output = function.Forward(Copies(inputs));
        var dy = Tensor<double>.RandomNormal(random, 0, 1, output.Shape);
        var analytic = function.Backward(dy.Clone());
        Assert.That(analytic, Has.Length.EqualTo(inputs.Length), "one gradient per input");

        double worst = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.That(analytic[i].Shape, Is.EqualTo(inputs[i].Shape), $"the gradient of input {i} has that input's shape");
            for (int j = 0; j < inputs[i].Length; j++)
            {
                var plus = Copies(inputs);
                plus[i].Data[j] += Step;
                var minus = Copies(inputs);
                minus[i].Data[j] -= Step;
                double numeric = (Dot(create().Forward(plus), dy) - Dot(create().Forward(minus), dy)) / (2 * Step);
                double a = analytic[i].Data[j];
                worst = Math.Max(worst, Math.Abs(a - numeric) / Math.Max(1, Math.Abs(a) + Math.Abs(numeric)));
            }
        }
        return worst;
    }

    private static Tensor<double>[] Copies(Tensor<double>[] inputs) => inputs.Select(t => t.Clone()).ToArray();

    private static double Dot(Tensor<double> a, Tensor<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a.Data[i] * b.Data[i];
        return sum;
    }
}
