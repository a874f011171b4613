using Course;

namespace Course.Tests.Reference.Optim;

/// <summary>Parameters and gradients the optimizer tests run on.</summary>
internal static class OptimizerInputs
{
    /// <summary>Several parameters of different ranks and sizes, with tails after any vector width and a scalar.</summary>
    public static readonly int[][] Shapes = [[3, 5], [7], [2, 3, 4], [1], [17, 9]];

    public static Parameter<double>[] Parameters(Random random, int[][] shapes) =>
        shapes.Select((shape, k) => new Parameter<double>($"p{k}", Tensor<double>.RandomNormal(random, 0, 1, shape))).ToArray();

    /// <summary>
    /// Fresh random gradients, of a different scale for each parameter (1e-3 to 10, so ε and the adaptive steps
    /// matter) and with some exact zeros.
    /// </summary>
    public static void RandomGradients(Random random, IReadOnlyList<Parameter<double>> parameters)
    {
        for (int k = 0; k < parameters.Count; k++)
        {
            double scale = Math.Pow(10, k % 5 - 3);
            var grad = parameters[k].Grad.Data;
            for (int i = 0; i < grad.Length; i++)
                grad[i] = random.Next(10) == 0 ? 0 : scale * (random.NextDouble() * 2 - 1);
        }
    }

    /// <summary>A learning rate that changes at every step, as a schedule would change it.</summary>
    public static double LearningRateAt(double baseRate, int step) => baseRate * (1 + 0.5 * Math.Sin(step));

    public static double[][] Copy<T>(IEnumerable<Parameter<T>> parameters, Func<Parameter<T>, Tensor<T>> which) where T : IFloatingPointIeee754<T> =>
        parameters.Select(p => which(p).Data.Select(double.CreateChecked).ToArray()).ToArray();
}
