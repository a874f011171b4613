namespace Course.Benchmarks;

/// <summary>The i-j-p triple loop a student writes first: the baseline every speed-up is measured against.</summary>
internal static class NaiveMatMul
{
    public static void Multiply(float[] a, float[] b, float[] c, int m, int n, int k)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
    }
}
