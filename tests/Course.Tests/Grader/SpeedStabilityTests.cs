using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>
/// Timing that holds still: the same submission graded again and again, each time with fresh workers, lands in the
/// same speed bucket (issue 4 asks for 9 times out of 10). The fixture has a clear margin — the master's Linear runs
/// near the reference's speed, well inside the full-points bucket — so a failure here means the method is unstable,
/// not that the code is borderline. The spread itself is printed by the benchmark (`-- speed-spread`).
/// </summary>
[NonParallelizable]
public class SpeedStabilityTests
{
    [Test]
    public void The_same_submission_graded_ten_times_lands_in_the_same_speed_bucket_at_least_nine_times()
    {
        var ratios = new List<double>();
        var points = new List<double>();
        for (int run = 0; run < 10; run++)
        {
            var report = GradingPipeline.Grade(
                new GradeOptions(Repo.MasterNotebook, OnlyUnits: ["linear"], Speed: GradingFixtureTests.QuickSpeed), Repo.Course);
            var speed = report.Checks.Single(c => c.Check == "speed");
            ratios.Add(speed.SpeedRatio ?? double.NaN);
            points.Add(speed.Points);
        }
        string seen = string.Join(", ", ratios.Select(r => r.ToString("0.00")));
        int agreeing = points.GroupBy(p => p).Max(g => g.Count());
        Assert.That(agreeing, Is.GreaterThanOrEqualTo(9), $"speed points per run: {string.Join(", ", points)}; ratios {seen}");
        Assert.That(ratios, Has.All.LessThan(Repo.Course.SpeedBuckets[0].MaxRatio), $"inside the first bucket every time: {seen}");
    }
}
