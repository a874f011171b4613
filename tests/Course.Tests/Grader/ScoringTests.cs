using Course.Grader.Checks;
using Course.Grader.Pipeline;
using Course.Grader.Reports;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

/// <summary>Raw points → course points → late policy → what Gradescope is told; no workers needed.</summary>
public class ScoringTests
{
    private static GradeReport Report(double earnedFraction, DateTimeOffset? submitted)
    {
        var homework = Repo.Course.FindHomework("fully-connected")!;
        var checks = homework.Units.SelectMany(u => u.Points.Select(p =>
            new CheckResult(u.Id, p.Key, p.Value * earnedFraction, p.Value, earnedFraction == 1, "msg"))).ToList();
        var late = submitted is { } at ? LateOutcome.Apply(homework, Repo.Course.LatePolicy, at) : null;
        return new GradeReport("x.ipynb", homework, checks, [], 1.0, new GradingSeed(1, Secret: false), late);
    }

    [Test]
    public void Raw_points_scale_to_the_homework_s_course_points()
    {
        var report = Report(0.5, null);
        Assert.That(report.RawScore, Is.EqualTo(report.RawMax / 2).Within(1e-9));
        Assert.That(report.CoursePoints, Is.EqualTo(6).Within(1e-9), "half of a 12-point homework");
        Assert.That((double)GradescopeReport.Build(report)["score"]!, Is.EqualTo(report.RawScore));
    }

    [Test]
    public void A_late_submission_loses_half_a_course_point_per_day_and_Gradescope_sees_the_penalised_score()
    {
        var homework = Repo.Course.FindHomework("fully-connected")!;
        var report = Report(1, homework.SoftDeadline.AddDays(2.5));
        Assert.That(report.CoursePoints, Is.EqualTo(12 - 1.5).Within(1e-9), "three started days");
        var json = GradescopeReport.Build(report);
        Assert.That((double)json["score"]!, Is.EqualTo(report.RawMax * 10.5 / 12).Within(1e-3));
        Assert.That((string)json["output"]!, Does.Contain("3 day(s) after the soft deadline"));
    }

    [Test]
    public void Nothing_is_accepted_after_the_hard_deadline()
    {
        var homework = Repo.Course.FindHomework("fully-connected")!;
        var report = Report(1, homework.HardDeadline.AddHours(1));
        Assert.That(report.CoursePoints, Is.Zero);
        Assert.That((double)GradescopeReport.Build(report)["score"]!, Is.Zero);
    }
}
