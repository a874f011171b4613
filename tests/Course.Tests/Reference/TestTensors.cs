using Course;

namespace Course.Tests.Reference;

/// <summary>Random inputs shaped for what each unit can be checked on.</summary>
internal static class TestTensors
{
    /// <summary>
    /// Matrix shapes (rows, columns) every forward and backward comparison runs on: batch size 1, a single feature,
    /// and odd sizes that leave a tail after any vector width (2, 4, 8 or 16 lanes).
    /// </summary>
    public static readonly int[][] MatrixShapes = [[1, 1], [1, 7], [3, 17], [5, 33], [2, 3], [64, 10], [13, 129]];

    public static Tensor<double> Normal(Random random, double std, params int[] shape) =>
        Tensor<double>.RandomNormal(random, 0, std, shape);

    public static Tensor<double> Uniform(Random random, double low, double high, params int[] shape) =>
        Tensor<double>.RandomUniform(random, low, high, shape);

    /// <summary>
    /// Normal values at least 0.01 away from 0, for units with a kink there: a central difference of step 1e-5
    /// straddling the kink would be wrong, not the layer.
    /// </summary>
    public static Tensor<double> AwayFromZero(Random random, double std, params int[] shape)
    {
        var x = Normal(random, std, shape);
        for (int i = 0; i < x.Length; i++)
            if (Math.Abs(x.Data[i]) < 0.01) x.Data[i] = x.Data[i] < 0 ? x.Data[i] - 0.01 : x.Data[i] + 0.01;
        return x;
    }

    public static Tensor<double> OneHot(Random random, int rows, int classes)
    {
        var y = new Tensor<double>(rows, classes);
        for (int r = 0; r < rows; r++) y[r, random.Next(classes)] = 1;
        return y;
    }

    /// <summary>Rows of positive values summing to 1 (soft labels).</summary>
    public static Tensor<double> ProbabilityRows(Random random, int rows, int classes)
    {
        var y = Uniform(random, 0.01, 1, rows, classes);
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += y[r, c];
            for (int c = 0; c < classes; c++) y[r, c] /= sum;
        }
        return y;
    }

    /// <summary>0 or 1 at random.</summary>
    public static Tensor<double> Binary(Random random, params int[] shape)
    {
        var y = new Tensor<double>(shape);
        for (int i = 0; i < y.Length; i++) y.Data[i] = random.Next(2);
        return y;
    }

    /// <summary>A random small matrix shape, from 1×1 to 6×9.</summary>
    public static int[] SmallShape(Random random) => [random.Next(1, 7), random.Next(1, 10)];
}
