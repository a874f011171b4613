using System.Numerics;
using System.Runtime.Intrinsics;
using Course.Reference.Kernels;
using Course.Kernels;

namespace Course.Tests.Reference;

/// <summary>
/// Each element-wise operator's Vector128, Vector256 and Vector512 forms against its scalar form. The module tests
/// only reach the widest accelerated width of the machine they run on; this reaches all three (unaccelerated
/// widths run in software, with the same results), so an AVX-512 grading machine runs tested code.
/// </summary>
public class ElementwiseOperatorTests
{
    private static readonly double[] Inputs =
        [-1000, -40, -7.5, -2, -1, -0.3, -1e-3, -1e-12, 0, 1e-12, 1e-3, 0.3, 0.5, 1, 2, 7.5, 40, 1000];

    private static readonly double[] Seconds = [0.05, 0.95, 0.3, 1, 0, -1.5, 2, 0.5, 0.7, 0.2, 1, 0, 0.9, -3, 0.1, 1, 0, 0.6];

    [Test]
    public void Unary_operators_agree_across_widths()
    {
        CheckUnary(new LeakyReluOperator<double>(0.1), Inputs);
        CheckUnary(new EluOperator<double>(0.7), Inputs);
        CheckUnary(new SoftplusOperator<double>(), Inputs);
        CheckUnary(new LeakyReluOperator<float>(0.1f), Inputs.Select(v => (float)v).ToArray());
        CheckUnary(new EluOperator<float>(0.7f), Inputs.Select(v => (float)v).ToArray());
        CheckUnary(new SoftplusOperator<float>(), Inputs.Select(v => (float)v).ToArray());
    }

    [Test]
    public void Binary_operators_agree_across_widths()
    {
        var probabilities = Inputs.Select(v => 1 / (1 + Math.Exp(-v / 10))).ToArray();
        CheckBinary(new LeakyReluGradientOperator<double>(0.1), Inputs, Seconds);
        CheckBinary(new EluGradientOperator<double>(0.7), Inputs, Seconds);
        CheckBinary(new SigmoidGradientOperator<double>(), probabilities, Seconds);
        CheckBinary(new TanhGradientOperator<double>(), probabilities, Seconds);
        CheckBinary(new BinaryCrossEntropyOperator<double>(), probabilities, Seconds);
        CheckBinary(new BinaryCrossEntropyGradientOperator<double>(0.25), probabilities, Seconds);
        CheckBinary(new LogisticLossOperator<double>(), Inputs, Seconds);
        CheckBinary(new LogisticLossGradientOperator<double>(0.25), Inputs, Seconds);
        var inputsF = Inputs.Select(v => (float)v).ToArray();
        var secondsF = Seconds.Select(v => (float)v).ToArray();
        CheckBinary(new EluGradientOperator<float>(0.7f), inputsF, secondsF);
        CheckBinary(new LogisticLossOperator<float>(), inputsF, secondsF);
        CheckBinary(new LogisticLossGradientOperator<float>(0.25f), inputsF, secondsF);
        CheckBinary(new BinaryCrossEntropyOperator<float>(), probabilities.Select(v => (float)v).ToArray(), secondsF);
    }

    [Test]
    public void Accurate_log1p_keeps_tiny_arguments()
    {
        Assert.That(VectorMath.LogOnePlus(1e-20), Is.EqualTo(1e-20));
        Assert.That(VectorMath.LogOnePlus(Vector256.Create(1e-20)).GetElement(0), Is.EqualTo(1e-20));
        Assert.That(VectorMath.LogOnePlus(1e-10), Is.EqualTo(9.9999999995e-11).Within(1e-24));
        Assert.That(VectorMath.LogOnePlus(Vector512.Create(1e-10)).GetElement(3), Is.EqualTo(9.9999999995e-11).Within(1e-24));
        Assert.That(VectorMath.LogOnePlus(1.0), Is.EqualTo(Math.Log(2)).Within(1e-16));
    }

    [Test]
    public void The_loop_handles_tails_and_in_place_use()
    {
        foreach (int length in new[] { 0, 1, 3, 7, 8, 9, 16, 17, 33, 100 })
        {
            var x = Enumerable.Range(0, length).Select(i => i - length / 2.0).ToArray();
            var expected = x.Select(v => v > 0 ? v : 0.5 * v).ToArray();
            var y = new double[length];
            Elementwise.Map<double, LeakyReluOperator<double>>(x, y, new(0.5));
            Assert.That(y, Is.EqualTo(expected), $"length {length}");
            Elementwise.Map<double, LeakyReluOperator<double>>(x, x, new(0.5));
            Assert.That(x, Is.EqualTo(expected), $"in place, length {length}");
        }
        var data = new double[10];
        Assert.Throws<ArgumentException>(() => Elementwise.Map<double, LeakyReluOperator<double>>(data.AsSpan(0, 8), data.AsSpan(1, 8), new(0.5)));
    }

    private static void CheckUnary<T, TOp>(TOp op, T[] values) where T : IFloatingPointIeee754<T> where TOp : struct, IUnaryOperator<T>
    {
        var scalar = values.Select(op.Invoke).ToArray();
        Assert.Multiple(() =>
        {
            AssertWidth(scalar, Apply(values, Vector128<T>.Count, v => op.Invoke(Vector128.Create(v)).AsSpanCopy()), op, 128);
            AssertWidth(scalar, Apply(values, Vector256<T>.Count, v => op.Invoke(Vector256.Create(v)).AsSpanCopy()), op, 256);
            AssertWidth(scalar, Apply(values, Vector512<T>.Count, v => op.Invoke(Vector512.Create(v)).AsSpanCopy()), op, 512);
        });
    }

    private static void CheckBinary<T, TOp>(TOp op, T[] x, T[] y) where T : IFloatingPointIeee754<T> where TOp : struct, IBinaryOperator<T>
    {
        var scalar = x.Select((v, i) => op.Invoke(v, y[i])).ToArray();
        Assert.Multiple(() =>
        {
            AssertWidth(scalar, ApplyPairs(x, y, Vector128<T>.Count, (a, b) => op.Invoke(Vector128.Create(a), Vector128.Create(b)).AsSpanCopy()), op, 128);
            AssertWidth(scalar, ApplyPairs(x, y, Vector256<T>.Count, (a, b) => op.Invoke(Vector256.Create(a), Vector256.Create(b)).AsSpanCopy()), op, 256);
            AssertWidth(scalar, ApplyPairs(x, y, Vector512<T>.Count, (a, b) => op.Invoke(Vector512.Create(a), Vector512.Create(b)).AsSpanCopy()), op, 512);
        });
    }

    /// <summary>Runs a vector form over the values in chunks of its width (the last chunk padded with the first value).</summary>
    private static T[] Apply<T>(T[] values, int width, Func<T[], T[]> vectorForm)
    {
        var result = new List<T>();
        for (int start = 0; start < values.Length; start += width)
        {
            var chunk = Enumerable.Range(start, width).Select(i => values[i < values.Length ? i : 0]).ToArray();
            result.AddRange(vectorForm(chunk).Take(Math.Min(width, values.Length - start)));
        }
        return result.ToArray();
    }

    private static T[] ApplyPairs<T>(T[] x, T[] y, int width, Func<T[], T[], T[]> vectorForm)
    {
        var result = new List<T>();
        for (int start = 0; start < x.Length; start += width)
        {
            var cx = Enumerable.Range(start, width).Select(i => x[i < x.Length ? i : 0]).ToArray();
            var cy = Enumerable.Range(start, width).Select(i => y[i < y.Length ? i : 0]).ToArray();
            result.AddRange(vectorForm(cx, cy).Take(Math.Min(width, x.Length - start)));
        }
        return result.ToArray();
    }

    private static void AssertWidth<T>(T[] scalar, T[] vector, object op, int bits) where T : IFloatingPointIeee754<T>
    {
        // Vector exp/log are not bit-identical to the scalar library: allow a few ulps, relative to the value.
        double epsilon = typeof(T) == typeof(float) ? 1e-6 : 1e-14;
        for (int i = 0; i < scalar.Length; i++)
        {
            double s = double.CreateTruncating(scalar[i]), v = double.CreateTruncating(vector[i]);
            bool same = s.Equals(v) || Math.Abs(s - v) <= epsilon * Math.Max(Math.Abs(s), Math.Abs(v));
            Assert.That(same, Is.True, $"{op.GetType().Name} Vector{bits} element {i}: scalar {s}, vector {v}");
        }
    }
}

internal static class VectorCopies
{
    public static T[] AsSpanCopy<T>(this Vector128<T> v) { var a = new T[Vector128<T>.Count]; v.CopyTo(a); return a; }
    public static T[] AsSpanCopy<T>(this Vector256<T> v) { var a = new T[Vector256<T>.Count]; v.CopyTo(a); return a; }
    public static T[] AsSpanCopy<T>(this Vector512<T> v) { var a = new T[Vector512<T>.Count]; v.CopyTo(a); return a; }
}
