using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Grader.Configuration;
using Course.Grader.Protocol;
using Course.Tests.Fixtures;

namespace Course.Tests.Gate;

/// <summary>course.json's per-homework "allowParallelism" reaches the worker's gate.</summary>
public class ParallelismSettingTests
{
    private static CourseConfig Parse(JsonObject json)
    {
        using var doc = JsonDocument.Parse(json.ToJsonString());
        return CourseLoader.Parse(doc.RootElement);
    }

    private static JsonObject Valid() => JsonNode.Parse(File.ReadAllText(Repo.Path("course.json")))!.AsObject();

    [Test]
    public void It_is_off_unless_a_homework_turns_it_on()
    {
        Assert.That(Repo.Course.Homework.Select(h => h.AllowParallelism), Has.All.False);
        var json = Valid();
        json["homework"]![0]!["allowParallelism"] = true;
        Assert.That(Parse(json).Homework[0].AllowParallelism, Is.True);
    }

    [Test]
    public void A_value_that_is_not_true_or_false_is_named()
    {
        var json = Valid();
        json["homework"]![0]!["allowParallelism"] = "yes";
        var e = Assert.Throws<CourseConfigException>(() => Parse(json));
        Assert.That(e!.Message, Does.Contain("homework[0].allowParallelism: must be true or false, not the string \"yes\""));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Load_and_execute_requests_carry_it(bool allow)
    {
        var load = Codec.Decode(Codec.Encode(w => Codec.Write(w, new LoadRequest([new SourceCell(3, "1")], null, allow))), Codec.ReadLoadRequest);
        Assert.That(load.AllowParallelism, Is.EqualTo(allow));
        Assert.That(load.Cells.Single(), Is.EqualTo(new SourceCell(3, "1")));
        var run = Codec.Decode(Codec.Encode(w => Codec.Write(w, new ExecuteRequest([], "/tmp", allow))), Codec.ReadExecuteRequest);
        Assert.That((run.WorkingDirectory, run.AllowParallelism), Is.EqualTo(("/tmp", allow)));
    }
}
