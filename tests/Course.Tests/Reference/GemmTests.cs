using Course.Reference.Kernels;
using Course.Kernels;

namespace Course.Tests.Reference;

/// <summary>
/// The packed GEMM against a naive triple loop in float64, for every transpose variant, overwrite and accumulate,
/// with and without the fused bias, on shapes that exercise every edge of the blocking.
/// </summary>
/// <remarks>
/// The error bound is rigorous rather than tuned: a float sum of k products plus the bias and the old C is off by at
/// most (k + 2)·u·Σ|terms| (u = 2⁻²⁴ for float, 2⁻⁵³ for double), so the tests cannot be flaky. It is still tight
/// enough to catch a single missing or doubled product term up to k ≈ 2000, which
/// <see cref="The_error_bound_catches_a_single_missing_product_term"/> demonstrates.
/// </remarks>
public class GemmTests
{
    /// <summary>(m, k, n): op(A) is m×k, op(B) is k×n.</summary>
    private static readonly int[][] Shapes =
    [
        [1, 1, 1], [7, 13, 5], [129, 257, 65], [300, 784, 256],
        [6, 256, 16], [12, 256, 32],   // exactly one register tile of each kernel, one full KC step
        [5, 257, 15],                   // crosses KC by one, partial tiles in both directions
        [133, 3, 17],                   // crosses MC (132) by one
        [3, 2, 4100],                   // crosses NC (4096)
        [64, 784, 10], [1, 300, 1],     // a batch through a classifier head, a single row and column
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var s in Shapes)
            foreach (var ta in new[] { Transpose.No, Transpose.Yes })
                foreach (var tb in new[] { Transpose.No, Transpose.Yes })
                    foreach (bool accumulate in new[] { false, true })
                        yield return new TestCaseData(s[0], s[1], s[2], ta, tb, accumulate)
                            .SetArgDisplayNames($"{s[0]}x{s[1]}x{s[2]}", $"A {ta}", $"B {tb}", accumulate ? "C +=" : "C =");
    }

    [TestCaseSource(nameof(Cases))]
    public void Float_gemm_matches_the_triple_loop(int m, int k, int n, Transpose ta, Transpose tb, bool accumulate)
    {
        var problem = Problem.Random(m, k, n, ta, tb, accumulate, withBias: accumulate != (ta == tb), seed: m * 7 + k * 3 + n);
        var c = problem.InitialC();
        Gemm.Multiply<float>(ta, tb, m, n, k, problem.A, problem.B, c, accumulate, problem.Bias);
        Assert.That(problem.WorstErrorRatio(c, Problem.FloatUnitRoundoff), Is.LessThanOrEqualTo(1.0));
    }

    [TestCase(129, 257, 65)]
    [TestCase(7, 13, 5)]
    public void Double_gemm_matches_the_triple_loop(int m, int k, int n)
    {
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
                foreach (bool accumulate in new[] { false, true })
                {
                    var problem = Problem.Random(m, k, n, ta, tb, accumulate, withBias: accumulate, seed: 11);
                    var a = problem.A.Select(v => (double)v).ToArray();
                    var b = problem.B.Select(v => (double)v).ToArray();
                    var bias = problem.Bias.Select(v => (double)v).ToArray();
                    var c = problem.InitialC().Select(v => (double)v).ToArray();
                    Gemm.Multiply<double>(ta, tb, m, n, k, a, b, c, accumulate, bias);
                    Assert.That(problem.WorstErrorRatio(c, Problem.DoubleUnitRoundoff), Is.LessThanOrEqualTo(1.0),
                        $"A {ta}, B {tb}, accumulate {accumulate}");
                }
    }

    /// <summary>
    /// Every micro-kernel, including the AVX-512 ones on machines without AVX-512 (there Vector512 runs in
    /// software: slow, but the same arithmetic), on shapes with partial tiles on every side.
    /// </summary>
    [TestCase("6x2 Vector256 float")]
    [TestCase("12x2 Vector512 float")]
    [TestCase("6x2 Vector256 double")]
    [TestCase("12x2 Vector512 double")]
    public void Every_micro_kernel_matches_the_triple_loop(string kernel)
    {
        foreach (var s in new[] { new[] { 1, 1, 1 }, [7, 13, 5], [29, 300, 71], [133, 9, 40] })
            foreach (var ta in new[] { Transpose.No, Transpose.Yes })
                foreach (var tb in new[] { Transpose.No, Transpose.Yes })
                {
                    var problem = Problem.Random(s[0], s[1], s[2], ta, tb, accumulate: ta == tb, withBias: ta != tb, seed: s[0]);
                    int lda = ta == Transpose.No ? s[1] : s[0], ldb = tb == Transpose.No ? s[2] : s[1];
                    double ratio = kernel.EndsWith("float")
                        ? problem.WorstErrorRatio(RunFloat(kernel, problem, lda, ldb), Problem.FloatUnitRoundoff)
                        : problem.WorstErrorRatio(RunDouble(kernel, problem, lda, ldb), Problem.DoubleUnitRoundoff);
                    Assert.That(ratio, Is.LessThanOrEqualTo(1.0), $"{s[0]}x{s[1]}x{s[2]}, A {ta}, B {tb}");
                }
    }

    private static float[] RunFloat(string kernel, Problem p, int lda, int ldb)
    {
        var c = p.InitialC();
        if (kernel.Contains("512"))
            Gemm.MultiplyWithKernel<float, MicroKernel12x2Vector512<float>>(p.TransposeA, p.TransposeB, p.M, p.N, p.K, p.A, lda, p.B, ldb, c, p.N, p.Accumulate, p.Bias);
        else
            Gemm.MultiplyWithKernel<float, MicroKernel6x2Vector256<float>>(p.TransposeA, p.TransposeB, p.M, p.N, p.K, p.A, lda, p.B, ldb, c, p.N, p.Accumulate, p.Bias);
        return c;
    }

    private static double[] RunDouble(string kernel, Problem p, int lda, int ldb)
    {
        var a = p.A.Select(v => (double)v).ToArray();
        var b = p.B.Select(v => (double)v).ToArray();
        var bias = p.Bias.Select(v => (double)v).ToArray();
        var c = p.InitialC().Select(v => (double)v).ToArray();
        if (kernel.Contains("512"))
            Gemm.MultiplyWithKernel<double, MicroKernel12x2Vector512<double>>(p.TransposeA, p.TransposeB, p.M, p.N, p.K, a, lda, b, ldb, c, p.N, p.Accumulate, bias);
        else
            Gemm.MultiplyWithKernel<double, MicroKernel6x2Vector256<double>>(p.TransposeA, p.TransposeB, p.M, p.N, p.K, a, lda, b, ldb, c, p.N, p.Accumulate, bias);
        return c;
    }

    [Test]
    public void Row_strides_let_it_work_on_blocks_of_larger_matrices_without_touching_the_rest()
    {
        const int m = 9, k = 11, n = 19, pad = 5;
        var problem = Problem.Random(m, k, n, Transpose.No, Transpose.Yes, accumulate: true, withBias: true, seed: 3);
        // Copy the dense operands into wider storage with `pad` extra columns, filled with NaN: reading them would show.
        float[] Widen(float[] dense, int rows, int columns, float fill)
        {
            var wide = Enumerable.Repeat(fill, rows * (columns + pad)).ToArray();
            for (int r = 0; r < rows; r++) Array.Copy(dense, r * columns, wide, r * (columns + pad), columns);
            return wide;
        }
        var a = Widen(problem.A, m, k, float.NaN);
        var b = Widen(problem.B, n, k, float.NaN);
        var c = Widen(problem.InitialC(), m, n, -7f);

        Gemm.Multiply<float>(Transpose.No, Transpose.Yes, m, n, k, a, k + pad, b, k + pad, c, n + pad, accumulate: true, bias: problem.Bias);

        var dense = new float[m * n];
        for (int r = 0; r < m; r++) Array.Copy(c, r * (n + pad), dense, r * n, n);
        Assert.That(problem.WorstErrorRatio(dense, Problem.FloatUnitRoundoff), Is.LessThanOrEqualTo(1.0));
        for (int r = 0; r < m; r++)
            Assert.That(c.AsSpan(r * (n + pad) + n, pad).ToArray(), Is.All.EqualTo(-7f), $"padding of row {r}");
    }

    [Test]
    public void Zero_depth_gives_the_bias_or_leaves_C()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply<float>(Transpose.No, Transpose.No, 2, 3, 0, [], [], c, accumulate: true, bias: [10, 20, 30]);
        Assert.That(c, Is.EqualTo(new float[] { 11, 22, 33, 14, 25, 36 }));
        Gemm.Multiply<float>(Transpose.No, Transpose.No, 2, 3, 0, [], [], c);
        Assert.That(c, Is.All.EqualTo(0f));
    }

    [Test]
    public void Bad_arguments_are_refused_with_a_message()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(Transpose.No, Transpose.No, 2, 2, 4, a, b, c), "A too short");
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(Transpose.No, Transpose.No, 2, 2, 3, a, b, c, bias: new float[3]), "bias length");
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(Transpose.No, Transpose.No, 2, 2, 1, a, b, a.AsSpan(2, 4)), "C overlaps A");
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(Transpose.No, Transpose.No, 2, 3, 3, a, new float[9], c));
        Assert.That(ex!.Message, Does.Contain("C is stored 2×3").And.Contain("has 4"));
    }

    [Test]
    public void The_error_bound_catches_a_single_missing_product_term()
    {
        const int m = 300, k = 784, n = 256;
        var problem = Problem.Random(m, k, n, Transpose.No, Transpose.No, accumulate: false, withBias: false, seed: m * 7 + k * 3 + n);
        var c = problem.InitialC();
        Gemm.Multiply<float>(Transpose.No, Transpose.No, m, n, k, problem.A, problem.B, c);
        Assert.That(problem.WorstErrorRatio(c, Problem.FloatUnitRoundoff), Is.LessThanOrEqualTo(1.0));

        // Drop one product from one element: the largest of its 784, which for uniform operands is about 4× the average.
        int row = 123, column = 45;
        int p = Enumerable.Range(0, k).MaxBy(q => Math.Abs(problem.A[row * k + q] * problem.B[q * n + column]));
        c[row * n + column] -= problem.A[row * k + p] * problem.B[p * n + column];
        Assert.That(problem.WorstErrorRatio(c, Problem.FloatUnitRoundoff), Is.GreaterThan(1.0));
    }

    /// <summary>
    /// A GEMM problem: random float op(A) (m×k) and op(B) (k×n), stored as the transpose flags say, a random bias
    /// and initial C, and the float64 triple-loop answer.
    /// </summary>
    /// <remarks>
    /// op(A) and op(B) depend only on the shape and seed, not on the transpose flags, so all variants of a shape
    /// share one triple loop (cached): the 300×784×256 loop alone takes seconds in a Debug test run.
    /// </remarks>
    private sealed class Problem
    {
        public const double FloatUnitRoundoff = 1.0 / (1 << 24);
        public const double DoubleUnitRoundoff = 1.0 / (1L << 53);

        private static readonly Dictionary<(int, int, int, int), Product> Products = [];

        public required int M, N, K;
        public required Transpose TransposeA, TransposeB;
        public required bool Accumulate;
        public required float[] A, B, Bias, C0;
        private Product product = null!;

        public static Problem Random(int m, int k, int n, Transpose ta, Transpose tb, bool accumulate, bool withBias, int seed)
        {
            Product product;
            lock (Products)
            {
                if (!Products.TryGetValue((m, k, n, seed), out product!))
                    Products[(m, k, n, seed)] = product = new Product(m, k, n, seed);
            }
            var random = new Random(seed + (int)ta * 2 + (int)tb * 4 + (accumulate ? 8 : 0));
            return new Problem
            {
                M = m, N = n, K = k, TransposeA = ta, TransposeB = tb, Accumulate = accumulate, product = product,
                A = ta == Transpose.No ? product.OpA : Transposed(product.OpA, m, k),
                B = tb == Transpose.No ? product.OpB : Transposed(product.OpB, k, n),
                Bias = withBias ? Values(random, n) : [],
                C0 = accumulate ? Values(random, m * n) : Enumerable.Repeat(float.NaN, m * n).ToArray(), // overwrite must not read C
            };
        }

        public float[] InitialC() => (float[])C0.Clone();

        /// <summary>max over elements of |c − exact| / ((K + 2)·u·Σ|terms|); at most 1 for a correct GEMM.</summary>
        public double WorstErrorRatio<T>(T[] c, double unitRoundoff) where T : struct, IConvertible
        {
            double worst = 0;
            for (int i = 0; i < M; i++)
                for (int j = 0; j < N; j++)
                {
                    int e = i * N + j;
                    double bias = Bias.Length > 0 ? Bias[j] : 0, initial = Accumulate ? C0[e] : 0;
                    double exact = product.Exact[e] + bias + initial;
                    double magnitude = product.Magnitude[e] + Math.Abs(bias) + Math.Abs(initial);
                    double actual = c[e].ToDouble(null);
                    double bound = (K + 2) * unitRoundoff * magnitude * 1.01 + 1e-300;
                    worst = Math.Max(worst, double.IsFinite(actual) ? Math.Abs(actual - exact) / bound : double.PositiveInfinity);
                }
            return worst;
        }

        private static float[] Values(Random random, int count) =>
            Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        private static float[] Transposed(float[] matrix, int rows, int columns)
        {
            var result = new float[matrix.Length];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++) result[c * rows + r] = matrix[r * columns + c];
            return result;
        }

        /// <summary>op(A)·op(B) by the triple loop, with Σ|a·b| per element for the error bound.</summary>
        private sealed class Product
        {
            public readonly float[] OpA, OpB;
            public readonly double[] Exact, Magnitude;

            public Product(int m, int k, int n, int seed)
            {
                var random = new Random(seed);
                OpA = Values(random, m * k);
                OpB = Values(random, k * n);
                Exact = new double[m * n];
                Magnitude = new double[m * n];
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        // Products of floats are exact in double; Neumaier's compensated sum keeps the reference's
                        // own error far below the bound even when the GEMM under test is itself in double.
                        double sum = 0, compensation = 0, magnitude = 0;
                        for (int p = 0; p < k; p++)
                        {
                            double term = (double)OpA[i * k + p] * OpB[p * n + j];
                            double t = sum + term;
                            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
                            sum = t;
                            magnitude += Math.Abs(term);
                        }
                        Exact[i * n + j] = sum + compensation;
                        Magnitude[i * n + j] = magnitude;
                    }
            }
        }
    }
}
