using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Grader.Configuration;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;

namespace Course.Tests.Grader;

public class CourseConfigTests
{
    [Test]
    public void The_course_json_in_the_repository_supports_the_course_policy()
    {
        var course = Repo.Course;
        Assert.That(course.Weights, Is.EqualTo(new Weights(60, 40)));
        Assert.That(course.LatePolicy.PointsPerDay, Is.EqualTo(0.5));
        Assert.That((course.GradeFor(49.9), course.GradeFor(50), course.GradeFor(70), course.GradeFor(89.99), course.GradeFor(90)),
            Is.EqualTo(("2", "3", "4", "4", "5")));
        var hw = course.FindHomework("fully-connected")!;
        Assert.That(hw.SoftDeadline - hw.Release, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(14)).And.LessThan(TimeSpan.FromDays(15)));
        Assert.That(hw.HardDeadline - hw.Release, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(28)).And.LessThan(TimeSpan.FromDays(29)));
        Assert.That(hw.Units.Select(u => u.Id), Is.SupersetOf(new[] { "linear", "relu", "softmax_ce", "sequential", "xavier", "he" }));

        var autodiff = course.FindHomework("autodiff")!;
        Assert.That(autodiff.SoftDeadline - autodiff.Release, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(14)).And.LessThan(TimeSpan.FromDays(15)));
        Assert.That(autodiff.HardDeadline - autodiff.Release, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(28)).And.LessThan(TimeSpan.FromDays(29)));
        Assert.That(autodiff.Units.Select(u => u.Id), Is.EquivalentTo(new[]
        {
            "add", "sub", "mul", "div", "neg", "pow", "exp", "log", "matmul", "sum", "mean", "broadcast", "reshape", "transpose",
            "relu", "sigmoid", "tanh", "log_softmax", "engine",
        }));
        var optimizers = course.FindHomework("optimizers")!;
        Assert.That(optimizers.SoftDeadline - optimizers.Release, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(14)).And.LessThan(TimeSpan.FromDays(15)));
        Assert.That(optimizers.HardDeadline - optimizers.Release, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(28)).And.LessThan(TimeSpan.FromDays(29)));
        Assert.That(optimizers.Release, Is.GreaterThan(hw.HardDeadline), "the optimizers notebook gives the fully connected layers, so it comes out after that homework closes");
        Assert.That(optimizers.Units.Select(u => u.Id), Is.EquivalentTo(new[]
        {
            "sgd", "momentum", "nesterov", "rmsprop", "adadelta", "adam", "adamw", "clip_grad_norm", "step_lr", "exponential_lr", "cosine_warmup",
        }));
        // The optimizers' reference is one fused vector pass per parameter; a step written with one TensorPrimitives call
        // per operation, as the course teaches, runs 2–6× its time, so that homework gives full speed points up to 10×.
        Assert.That(optimizers.SpeedBuckets![0], Is.EqualTo(new SpeedBucket(10, 1.0)));
        Assert.That(hw.SpeedBuckets, Is.Null, "the other homework use the course's buckets");
        Assert.That(course.Homework.Sum(h => h.Points), Is.LessThanOrEqualTo(course.Weights.Homework));
    }

    /// <summary>The repository's course.json with the fully connected homework first, where the cases below edit it.</summary>
    private static JsonObject Valid()
    {
        var json = JsonNode.Parse(File.ReadAllText(Repo.Path("course.json")))!.AsObject();
        var homework = json["homework"]!.AsArray();
        var fullyConnected = homework.Single(h => (string?)h!["id"] == "fully-connected")!;
        homework.Remove(fullyConnected);
        homework.Insert(0, fullyConnected);
        return json;
    }

    private static string ErrorOf(JsonObject json)
    {
        using var doc = JsonDocument.Parse(json.ToJsonString());
        var ex = Assert.Throws<CourseConfigException>(() => CourseLoader.Parse(doc.RootElement));
        return ex!.Message;
    }

    [Test]
    public void Every_error_names_the_offending_field()
    {
        var json = Valid();
        json["homework"]![0]!["units"]![0]!["points"]!["forward"] = "four";
        Assert.That(ErrorOf(json), Does.Contain("homework[0].units[0].points.forward: must be a number, not the string \"four\""));

        json = Valid();
        json["homework"]![0]!["units"]![1]!["id"] = "relu2";
        Assert.That(ErrorOf(json), Does.Contain("homework[0].units[1].id: no graded unit \"relu2\""));

        json = Valid();
        json["homework"]![0]!["hardDeadline"] = "2026-10-01T00:00:00+03:00";
        Assert.That(ErrorOf(json), Does.Contain("homework[0].hardDeadline: before the soft deadline"));

        json = Valid();
        json["homework"]![0]!["release"] = "next monday";
        Assert.That(ErrorOf(json), Does.Contain("homework[0].release: \"next monday\" is not an ISO 8601 date-time"));

        json = Valid();
        json["weights"]!["project"] = 50;
        Assert.That(ErrorOf(json), Does.Contain("weights: homework (60) and project (50)"));

        json = Valid();
        json.Remove("title");
        Assert.That(ErrorOf(json), Does.Contain("title: missing"));

        json = Valid();
        json["homework"]![0]!["units"]![14]!["points"]!["gradient"] = 1;
        Assert.That(ErrorOf(json), Does.Contain("homework[0].units[14].points.gradient: unit \"xavier\" has no gradient check"));

        json = Valid();
        json["homework"]![0]!["speedBuckets"] = JsonNode.Parse("""[{ "maxRatio": 10, "fraction": 1 }, { "maxRatio": 5, "fraction": 0.5 }]""");
        Assert.That(ErrorOf(json), Does.Contain("homework[0].speedBuckets[1].maxRatio: buckets must be listed with rising ratios"));

        json = Valid();
        json["speedBuckets"]![1]!["fraction"] = 1.5;
        Assert.That(ErrorOf(json), Does.Contain("speedBuckets[1].fraction: must lie in [0, 1]"));
    }

    [Test]
    public void Late_policy_takes_half_a_point_per_started_day_and_nothing_after_the_hard_deadline()
    {
        var hw = Repo.Course.FindHomework("fully-connected")!;
        var policy = Repo.Course.LatePolicy;
        Assert.That(LateOutcome.Apply(hw, policy, hw.SoftDeadline).Penalty, Is.Zero);
        Assert.That(LateOutcome.Apply(hw, policy, hw.SoftDeadline.AddMinutes(1)).Penalty, Is.EqualTo(0.5));
        Assert.That(LateOutcome.Apply(hw, policy, hw.SoftDeadline.AddDays(3.5)).Penalty, Is.EqualTo(2.0));
        var rejected = LateOutcome.Apply(hw, policy, hw.HardDeadline.AddSeconds(1));
        Assert.That(rejected.Accepted, Is.False);
        Assert.That(rejected.Describe(hw), Does.Contain("not accepted"));
    }

    [Test]
    public void A_dib_belongs_to_the_homework_of_the_ipynb_of_the_same_name()
    {
        Assert.That(Repo.Course.HomeworkForNotebook("/somewhere/02-fully-connected.dib")?.Id, Is.EqualTo("fully-connected"));
        Assert.That(Repo.Course.HomeworkForNotebook("/somewhere/02-fully-connected.ipynb")?.Id, Is.EqualTo("fully-connected"));
        Assert.That(Repo.Course.HomeworkForNotebook("/somewhere/02-fully-connected.txt"), Is.Null);
    }
}
