using Course;
using Course.SelfCheck;

namespace Course.Tests.Reference.Optim;

/// <summary>The float32 path the speed check times (twice the vector lanes, other tails) agrees with float64.</summary>
public class FloatAgreementTests
{
    private static IEnumerable<OptimizerCase> Cases() => OptimizerCase.All();

    [TestCaseSource(nameof(Cases))]
    public void Ten_float_steps_agree_with_double(OptimizerCase unit)
    {
        var random = new Random(11);
        // Both start from the same float-representable values, so only the arithmetic differs.
        var singles = OptimizerInputs.Shapes.Select((s, k) =>
            new Parameter<float>($"p{k}", Tensor<float>.RandomNormal(random, 0, 1, s))).ToArray();
        var doubles = singles.Select(p => new Parameter<double>(p.Name, p.Value.Cast<double>())).ToArray();
        var single = unit.CreateFloat(singles, unit.LearningRate, 0.1);
        var dbl = unit.Create(doubles, unit.LearningRate, 0.1);

        for (int step = 0; step < 10; step++)
        {
            OptimizerInputs.RandomGradients(random, doubles);
            for (int k = 0; k < doubles.Length; k++)
            {
                singles[k].Grad.CopyFrom(doubles[k].Grad.Cast<float>());
                doubles[k].Grad.CopyFrom(singles[k].Grad.Cast<double>());
            }
            single.Step();
            dbl.Step();
        }
        for (int k = 0; k < doubles.Length; k++)
        {
            // Elements below 1e-3 are judged against that scale: float's rounding of a step is absolute, not relative.
            double error = RelativeError.Max(singles[k].Value.Cast<double>().Data, doubles[k].Value.Data, floor: 1e-3);
            Assert.That(error, Is.LessThanOrEqualTo(1e-5), $"parameter {doubles[k]}");
        }
    }
}
