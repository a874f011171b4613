using System.Text;

namespace Course.SelfCheck;

/// <summary>One gradient compared with its central-difference estimate.</summary>
public sealed record GradCheckEntry(string Name, double RelativeError, bool Passed)
{
    public override string ToString() =>
        $"{(Passed ? "ok  " : "FAIL")} {Name,-12} relative error {SelfCheck.RelativeError.Format(RelativeError)}";
}

/// <summary>The outcome of a gradient check: one entry per gradient (the input first, then each parameter).</summary>
public sealed class GradCheckReport(IReadOnlyList<GradCheckEntry> entries)
{
    public IReadOnlyList<GradCheckEntry> Entries { get; } = entries;

    public bool Passed => Entries.All(e => e.Passed);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var entry in Entries) text.AppendLine(entry.ToString());
        text.Append(Passed ? "gradient check passed" : "gradient check FAILED: the backward pass does not match the forward pass");
        return text.ToString();
    }
}

/// <summary>
/// Self-checks for students: compares the analytic gradients of a layer or loss with central differences,
/// in float64, like CS231n's <c>gradient_check.py</c> and <c>torch.autograd.gradcheck</c>. No reference needed.
/// </summary>
/// <remarks>
/// For a layer the check uses a random upstream gradient dY (never all ones: it hides bugs whose errors sum to zero)
/// and compares the vector-Jacobian product Σ dY·∂Y/∂x, estimated as Σ (Y(x + h) − Y(x − h))·dY / 2h, element by
/// element with what Backward returned. Every perturbed element is restored.
/// </remarks>
public static class GradCheck
{
    /// <summary>Step of the central difference; its error is O(h²) ≈ 1e-10, far below the tolerance.</summary>
    public const double Step = 1e-5;

    /// <summary>A gradient passes when its relative error is at most this.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Checks dL/dX and every parameter gradient of <paramref name="module"/> at <paramref name="input"/>.</summary>
    public static GradCheckReport CheckModule(Module<double> module, Tensor<double> input, int seed = 0)
    {
        var random = new Random(seed);
        var output = module.Forward(input.Clone());
        var gradOutput = Tensor<double>.RandomNormal(random, 0, 1, output.Shape);

        module.ZeroGrad();
        module.Forward(input.Clone());
        var gradInput = module.Backward(gradOutput.Clone());
        var parameters = module.Parameters().ToList();
        var analytic = parameters.Select(p => p.Grad.Clone()).ToList();

        Func<double> objective = () => Dot(module.Forward(input.Clone()), gradOutput);
        var entries = new List<GradCheckEntry> { Compare("input", gradInput, Numerical(objective, input)) };
        for (int i = 0; i < parameters.Count; i++)
            entries.Add(Compare(parameters[i].Name, analytic[i], Numerical(objective, parameters[i].Value)));
        return new GradCheckReport(entries);
    }

    /// <summary>Checks dLoss/dInput of <paramref name="loss"/>.</summary>
    public static GradCheckReport CheckLoss(Loss<double> loss, Tensor<double> input, Tensor<double> target)
    {
        loss.Forward(input.Clone(), target);
        var analytic = loss.Backward();
        var numerical = Numerical(() => loss.Forward(input.Clone(), target), input);
        return new GradCheckReport([Compare("input", analytic, numerical)]);
    }

    /// <summary>
    /// The central-difference gradient of a scalar <paramref name="objective"/> with respect to every element of
    /// <paramref name="x"/>, which the objective must read; each element is perturbed in place and restored.
    /// </summary>
    public static Tensor<double> Numerical(Func<double> objective, Tensor<double> x, double step = Step)
    {
        var gradient = Tensor<double>.ZerosLike(x);
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x.Data[i];
            x.Data[i] = saved + step;
            double plus = objective();
            x.Data[i] = saved - step;
            double minus = objective();
            x.Data[i] = saved;
            gradient.Data[i] = (plus - minus) / (2 * step);
        }
        return gradient;
    }

    private static GradCheckEntry Compare(string name, Tensor<double> analytic, Tensor<double> numerical)
    {
        if (!analytic.SameShape(numerical))
            return new GradCheckEntry($"{name} (shape {analytic.ShapeString}, expected {numerical.ShapeString})", double.PositiveInfinity, false);
        double error = RelativeError.Max(analytic.Data, numerical.Data, RelativeError.GradientFloor(numerical.Data));
        return new GradCheckEntry(name, error, error <= Tolerance);
    }

    private static double Dot(Tensor<double> a, Tensor<double> b)
    {
        if (!a.SameShape(b))
            throw new InvalidOperationException($"Forward returned shape {a.ShapeString} on one call and {b.ShapeString} on another.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a.Data[i] * b.Data[i];
        return sum;
    }
}
