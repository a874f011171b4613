using Course;
using Course.SelfCheck;

namespace Course.Tests.Reference.Optim;

/// <summary>
/// Every optimizer, 50 steps, every parameter after every step, against its scalar definition (float64): random
/// gradients and gradients of the Rosenbrock function at the optimizer's own point, with and without weight decay,
/// a learning rate that changes between steps, and several parameters of different shapes.
/// </summary>
public class TrajectoryTests
{
    private const double Tolerance = 1e-12;
    private const int Steps = 50;

    private static IEnumerable<TestCaseData> CasesTimesDecay() =>
        from unit in OptimizerCase.All()
        from weightDecay in new[] { 0.0, 0.1 }
        select new TestCaseData(unit, weightDecay).SetArgDisplayNames(unit.Name, $"weight decay {weightDecay}");

    [TestCaseSource(nameof(CasesTimesDecay))]
    public void Fifty_steps_on_random_gradients_match_the_definition(OptimizerCase unit, double weightDecay)
    {
        var random = new Random(unit.Name.Length * 100 + (int)(weightDecay * 10));
        var parameters = OptimizerInputs.Parameters(random, OptimizerInputs.Shapes);
        var thetas = OptimizerInputs.Copy(parameters, p => p.Value);
        var optimizer = unit.Create(parameters, unit.LearningRate, weightDecay);
        var scalar = unit.Scalar(weightDecay);

        for (int step = 0; step < Steps; step++)
        {
            OptimizerInputs.RandomGradients(random, parameters);
            var grads = OptimizerInputs.Copy(parameters, p => p.Grad);
            double learningRate = OptimizerInputs.LearningRateAt(unit.LearningRate, step);
            optimizer.LearningRate = learningRate;
            optimizer.Step();
            scalar.Step(thetas, grads, learningRate);
            AssertSameParameters(parameters, thetas, step);
        }
    }

    [TestCaseSource(nameof(CasesTimesDecay))]
    public void Fifty_steps_on_the_Rosenbrock_function_match_the_definition(OptimizerCase unit, double weightDecay)
    {
        // Rows of each parameter are independent points (x, y); rates scaled down so that plain SGD stays stable
        // in the valley's steep direction (curvature up to about 2,000 where the points start).
        var random = new Random(7 + unit.Name.Length);
        int[][] shapes = [[4, 2], [1, 2], [9, 2]];
        var parameters = shapes.Select((s, k) => new Parameter<double>($"p{k}", TestTensors.Uniform(random, -1.5, 1.5, s))).ToArray();
        var thetas = OptimizerInputs.Copy(parameters, p => p.Value);
        double baseRate = unit.LearningRate * 5e-3;
        var optimizer = unit.Create(parameters, baseRate, weightDecay);
        var scalar = unit.Scalar(weightDecay);

        for (int step = 0; step < Steps; step++)
        {
            foreach (var parameter in parameters) RosenbrockGradient(parameter.Value.Data, parameter.Grad.Data);
            var grads = thetas.Select(theta => { var g = new double[theta.Length]; RosenbrockGradient(theta, g); return g; }).ToArray();
            double learningRate = OptimizerInputs.LearningRateAt(baseRate, step);
            optimizer.LearningRate = learningRate;
            optimizer.Step();
            scalar.Step(thetas, grads, learningRate);
            AssertSameParameters(parameters, thetas, step);
        }
    }

    /// <summary>∇ of f(x, y) = (1 − x)² + 100·(y − x²)² at every point (x, y) of <paramref name="points"/>.</summary>
    private static void RosenbrockGradient(double[] points, double[] gradient)
    {
        for (int i = 0; i < points.Length; i += 2)
        {
            double x = points[i], y = points[i + 1];
            gradient[i] = -2 * (1 - x) - 400 * x * (y - x * x);
            gradient[i + 1] = 200 * (y - x * x);
        }
    }

    private static void AssertSameParameters(Parameter<double>[] parameters, double[][] expected, int step)
    {
        for (int k = 0; k < parameters.Length; k++)
        {
            double error = RelativeError.Max(parameters[k].Value.Data, expected[k], out int worst);
            Assert.That(error, Is.LessThanOrEqualTo(Tolerance),
                $"after step {step + 1}, parameter {parameters[k]}: element {worst} is {parameters[k].Value.Data[worst]:R}, " +
                $"the definition gives {expected[k][worst]:R}");
        }
    }
}
