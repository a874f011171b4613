using Course;
using Course.Reference;

namespace Course.Tests.Reference.Optim;

/// <summary>The schedules' rates for steps 0…N, counted from 0, against values worked out by hand.</summary>
public class ScheduleTests
{
    private const double Tolerance = 1e-15;

    private static double[] Rates(Schedule schedule, int count) => Enumerable.Range(0, count).Select(schedule.LearningRate).ToArray();

    [Test]
    public void StepSchedule_cuts_by_gamma_every_stepSize_steps()
    {
        var schedule = new StepSchedule(0.1, stepSize: 3, gamma: 0.5);
        Assert.That(Rates(schedule, 10), Is.EqualTo(new[] { 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125 }).Within(Tolerance));
    }

    [Test]
    public void StepSchedule_defaults_to_gamma_one_tenth()
    {
        var schedule = new StepSchedule(1, stepSize: 2);
        Assert.That(Rates(schedule, 5), Is.EqualTo(new[] { 1, 1, 0.1, 0.1, 0.01 }).Within(Tolerance));
    }

    [Test]
    public void ExponentialSchedule_multiplies_by_gamma_every_step()
    {
        var schedule = new ExponentialSchedule(0.1, 0.9);
        Assert.That(Rates(schedule, 4), Is.EqualTo(new[] { 0.1, 0.09, 0.081, 0.0729 }).Within(Tolerance));
        Assert.That(schedule.LearningRate(50), Is.EqualTo(0.1 * Math.Pow(0.9, 50)).Within(Tolerance));
    }

    [Test]
    public void CosineWarmupSchedule_warms_up_linearly_from_zero_then_decays_to_the_minimum()
    {
        var schedule = new CosineWarmupSchedule(1.0, warmupSteps: 4, totalSteps: 12, minLearningRate: 0.1);
        double Cosine(int t) => 0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * (t - 4) / 8));
        double[] expected =
        [
            0, 0.25, 0.5, 0.75,                          // warm-up: η₀·t / 4
            1.0, Cosine(5), Cosine(6), Cosine(7), 0.55,  // the top at t = 4; halfway at t = 8: 0.1 + 0.9·½
            Cosine(9), Cosine(10), Cosine(11),
            0.1, 0.1, 0.1,                               // η_min from totalSteps on
        ];
        Assert.That(Rates(schedule, 15), Is.EqualTo(expected).Within(1e-15));
        Assert.That(schedule.LearningRate(1000), Is.EqualTo(0.1));
        Assert.That(Rates(schedule, 13).Skip(4), Is.Ordered.Descending);
    }

    [Test]
    public void CosineWarmupSchedule_without_warmup_starts_at_the_base_rate()
    {
        var schedule = new CosineWarmupSchedule(0.5, warmupSteps: 0, totalSteps: 2);
        Assert.That(Rates(schedule, 4), Is.EqualTo(new[] { 0.5, 0.25, 0, 0 }).Within(1e-15));
    }

    [Test]
    public void Apply_sets_the_optimizers_learning_rate_for_that_step()
    {
        var optimizer = new SGD<double>([new Parameter<double>("w", Tensor<double>.Ones(2))], 1.0);
        var schedule = new StepSchedule(0.1, stepSize: 3, gamma: 0.5);
        schedule.Apply(optimizer, 4);
        Assert.That(optimizer.LearningRate, Is.EqualTo(0.05).Within(Tolerance));
    }

    private static IEnumerable<TestCaseData> InvalidSchedules()
    {
        yield return new TestCaseData((TestDelegate)(() => new StepSchedule(0.1, 0)), "stepSize").SetArgDisplayNames("step size 0");
        yield return new TestCaseData((TestDelegate)(() => new StepSchedule(-0.1, 2)), "baseLearningRate").SetArgDisplayNames("negative rate");
        yield return new TestCaseData((TestDelegate)(() => new ExponentialSchedule(0.1, -0.5)), "gamma").SetArgDisplayNames("negative gamma");
        yield return new TestCaseData((TestDelegate)(() => new CosineWarmupSchedule(0.1, 10, 10)), "totalSteps").SetArgDisplayNames("no decay steps");
        yield return new TestCaseData((TestDelegate)(() => new CosineWarmupSchedule(0.1, -1, 10)), "warmupSteps").SetArgDisplayNames("negative warm-up");
        yield return new TestCaseData((TestDelegate)(() => new CosineWarmupSchedule(0.1, 1, 10, -0.1)), "minLearningRate").SetArgDisplayNames("negative minimum");
        yield return new TestCaseData((TestDelegate)(() => new ExponentialSchedule(0.1, 0.9).LearningRate(-1)), "step").SetArgDisplayNames("step -1");
    }

    [TestCaseSource(nameof(InvalidSchedules))]
    public void Invalid_arguments_are_refused_by_name(TestDelegate call, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.That(error!.ParamName, Is.EqualTo(name));
    }
}
