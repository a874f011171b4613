using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// One Adam step of one element, as PyTorch's single-tensor Adam computes it (m is s, v is r):
/// m ← m + (1 − β₁)·(g − m), v ← β₂·v + (1 − β₂)·g², θ ← θ − (η / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
/// <remarks>
/// The bias corrections are folded into two scalars per parameter and step, so the element-wise work is the
/// same as without them; ε is added after the correction of √v, as PyTorch (and Kingma and Ba's algorithm) do.
/// </remarks>
internal readonly struct AdamRule<T> : IUpdateRule<T> where T : IFloatingPointIeee754<T>
{
    private readonly T oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection2Sqrt, eps, negativeStepSize;

    /// <summary>The rule for a parameter's step number <paramref name="step"/> (1, 2, …).</summary>
    public AdamRule(double learningRate, double beta1, double beta2, double eps, int step)
    {
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        oneMinusBeta1 = T.CreateTruncating(1 - beta1);
        this.beta2 = T.CreateTruncating(beta2);
        oneMinusBeta2 = T.CreateTruncating(1 - beta2);
        biasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2));
        this.eps = T.CreateTruncating(eps);
        negativeStepSize = T.CreateTruncating(-(learningRate / biasCorrection1));
    }

    // exp_avg.lerp_(grad, 1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2);
    // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps); param.addcdiv_(exp_avg, denom, value=-step_size)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(ref T theta, T g, ref T m, ref T v)
    {
        m += oneMinusBeta1 * (g - m);
        v = v * beta2 + oneMinusBeta2 * g * g;
        theta += negativeStepSize * m / (T.Sqrt(v) / biasCorrection2Sqrt + eps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> m, ref Vector<T> v)
    {
        m += (g - m) * oneMinusBeta1;
        v = v * beta2 + g * oneMinusBeta2 * g;
        theta += m * negativeStepSize / (Vector.SquareRoot(v) / new Vector<T>(biasCorrection2Sqrt) + new Vector<T>(eps));
    }
}
