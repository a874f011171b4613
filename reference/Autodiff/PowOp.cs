using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>a^p for a fixed exponent p; dL/da = dL/dy ⊙ p·a^(p−1) (inputs positive when p is not an integer).</summary>
public sealed class PowOp<T>(double exponent) : UnaryOp<T> where T : IFloatingPointIeee754<T>
{
    private readonly T p = T.CreateChecked(exponent);

    public double Exponent { get; } = exponent;

    protected override void Compute(ReadOnlySpan<T> x, Span<T> y)
    {
        // The common exponents get exact, fast forms; the general case follows Math.Pow (so a negative base with
        // an integer exponent keeps its sign).
        if (Exponent == 2) TensorPrimitives.Multiply(x, x, y);
        else if (Exponent == 1) x.CopyTo(y);
        else if (Exponent == 0) y.Fill(T.One);
        else TensorPrimitives.Pow(x, p, y);
    }

    protected override void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        if (Exponent == 0) dx.Clear(); // as PyTorch: 0, not 0 · a^−1 (NaN at a = 0)
        else if (Exponent == 1) dy.CopyTo(dx);
        else if (Exponent == 2)
        {
            TensorPrimitives.Multiply(x, dy, dx);
            TensorPrimitives.Multiply(dx, T.CreateChecked(2), dx);
        }
        else
        {
            TensorPrimitives.Pow(x, p - T.One, dx);
            TensorPrimitives.Multiply(dx, p, dx);
            TensorPrimitives.Multiply(dx, dy, dx);
        }
    }
}
