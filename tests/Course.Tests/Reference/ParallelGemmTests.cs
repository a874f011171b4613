using Course.Kernels;

namespace Course.Tests.Reference;

/// <summary>
/// A GEMM split over several threads (<see cref="KernelThreads"/>, benchmarks only) gives exactly the bits one thread
/// gives, for every transpose, overwrite and accumulate, with and without bias, with row strides wider than the rows.
/// </summary>
/// <remarks>
/// Shapes are large enough to be split and odd enough that bands end inside a register tile's reach: more row tiles
/// than column tiles (split by rows), the other way round (split by columns), and both kernels' edges. Three threads
/// on two cores still split three ways, so the test does not depend on the machine.
/// </remarks>
[NonParallelizable]
public class ParallelGemmTests
{
    /// <summary>(m, k, n): op(A) is m×k, op(B) is k×n.</summary>
    private static readonly int[][] Shapes =
    [
        [500, 1000, 13],  // many row tiles, one column tile: split by rows
        [13, 1000, 500],  // split by columns
        [131, 257, 263],  // both edges partial, crosses KC
        [128, 784, 256],  // the MNIST MLP's first layer
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var s in Shapes)
            foreach (var ta in new[] { Transpose.No, Transpose.Yes })
                foreach (var tb in new[] { Transpose.No, Transpose.Yes })
                    foreach (bool accumulate in new[] { false, true })
                        foreach (int threads in new[] { 2, 3 })
                            yield return new TestCaseData(s[0], s[1], s[2], ta, tb, accumulate, threads)
                                .SetArgDisplayNames($"{s[0]}x{s[1]}x{s[2]}", $"A {ta}", $"B {tb}", accumulate ? "C += … + bias" : "C =", $"{threads} threads");
    }

    [TearDown]
    public void BackToOneThread() => KernelThreads.Count = 1;

    [Test]
    public void Kernels_use_one_thread_unless_told_otherwise() => Assert.That(KernelThreads.Count, Is.EqualTo(1));

    [Test]
    public void A_thread_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Count = 0);

    [TestCaseSource(nameof(Cases))]
    public void Threaded_float_gemm_is_bit_identical_to_one_thread(int m, int k, int n, Transpose ta, Transpose tb, bool accumulate, int threads)
    {
        var random = new Random(m * 31 + k * 7 + n);
        // Row strides 3 wider than the rows, so bands are cut out of larger matrices.
        int lda = (ta == Transpose.No ? k : m) + 3, ldb = (tb == Transpose.No ? n : k) + 3, ldc = n + 3;
        float[] a = RandomFloats(random, (ta == Transpose.No ? m : k) * lda);
        float[] b = RandomFloats(random, (tb == Transpose.No ? k : n) * ldb);
        float[] bias = accumulate ? RandomFloats(random, n) : [];
        float[] initialC = RandomFloats(random, m * ldc);

        float[] Run(int threadCount)
        {
            KernelThreads.Count = threadCount;
            var c = (float[])initialC.Clone();
            Gemm.Multiply<float>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate, bias);
            return c;
        }

        float[] single = Run(1), split = Run(threads);
        Assert.That(split, Is.EqualTo(single).AsCollection, "every element, including the untouched padding, must match bit for bit");
    }

    [Test]
    public void Threaded_double_gemm_is_bit_identical_to_one_thread()
    {
        var random = new Random(5);
        const int m = 131, k = 300, n = 77;
        double[] a = RandomFloats(random, m * k).Select(v => (double)v).ToArray();
        double[] b = RandomFloats(random, k * n).Select(v => (double)v).ToArray();
        double[] bias = RandomFloats(random, n).Select(v => (double)v).ToArray();

        double[] Run(int threadCount)
        {
            KernelThreads.Count = threadCount;
            var c = new double[m * n];
            Gemm.Multiply<double>(Transpose.No, Transpose.No, m, n, k, a, b, c, bias: bias);
            return c;
        }

        Assert.That(Run(2), Is.EqualTo(Run(1)).AsCollection);
    }

    private static float[] RandomFloats(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
