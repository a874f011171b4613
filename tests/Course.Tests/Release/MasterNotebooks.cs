using System.Text.Json.Nodes;
using Course.Grader.Configuration;
using Course.Tests.Fixtures;

namespace Course.Tests.Release;

/// <summary>Small synthetic master notebooks and courses, written as the JSON an editor saves.</summary>
public static class MasterNotebooks
{
    public static JsonObject Code(string source, JsonObject? course = null, string? id = null) => Cell("code", source, course, id);

    public static JsonObject Markdown(string source, JsonObject? course = null, string? id = null) => Cell("markdown", source, course, id);

    public static JsonObject Unit(string unit) => new() { ["unit"] = unit };

    public static JsonObject Locked(string? id, string? checksum = null)
    {
        var course = new JsonObject { ["locked"] = true };
        if (id is not null) course["id"] = id;
        if (checksum is not null) course["checksum"] = checksum;
        return course;
    }

    private static int counter;

    private static JsonObject Cell(string type, string source, JsonObject? course, string? id)
    {
        var metadata = new JsonObject();
        if (type == "code")
        {
            metadata["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" };
            metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" };
        }
        if (course is not null) metadata["course"] = course;
        var cell = new JsonObject { ["cell_type"] = type, ["id"] = id ?? $"c{Interlocked.Increment(ref counter):x7}", ["metadata"] = metadata, ["source"] = source };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        return cell;
    }

    /// <summary>Writes a notebook of these cells into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, string name, params JsonObject[] cells)
    {
        var json = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)c).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp", ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }) } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>A fresh folder, deleted when the release tests end (see <see cref="ReleaseTestsCleanup"/>).</summary>
    public static string NewDirectory(string what)
    {
        string dir = Path.Combine(Submissions.Directory, $"{what}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        Created.Add(dir);
        return dir;
    }

    public static System.Collections.Concurrent.ConcurrentBag<string> Created { get; } = [];

    /// <summary>A one-homework course over the given notebooks (paths relative to the course's root) and units.</summary>
    public static CourseConfig Course(IReadOnlyList<string> notebooks, params string[] units) => Repo.Course with
    {
        Homework =
        [
            Repo.Course.FindHomework("fully-connected")! with
            {
                Id = "synthetic",
                Notebooks = notebooks,
                Units = units.Select(u => new GradedUnitConfig(u, new Dictionary<string, double> { ["forward"] = 1 })).ToList(),
            },
        ],
    };

    // What a synthetic master's secrets look like: distinctive lines the leak scan must never find in a kit.
    public const string SolutionLine = "return input.Map(x => x * T.CreateChecked(0.4242));";
    public const string HiddenLine = "if (hiddenProbe(\"7f3a-secret\") != 42) throw new Exception(\"hidden check 7f3a failed\");";

    /// <summary>The cell as run once: an output the release must clear.</summary>
    private static JsonObject WithOutput(JsonObject cell)
    {
        cell["execution_count"] = 1;
        cell["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = new JsonArray("setup done\n") });
        return cell;
    }

    /// <summary>A master with a locked setup cell (hidden tests inside), a unit with a solution, and a locked
    /// markdown cell: every role a master can give a cell.</summary>
    public static string Synthetic(string root)
    {
        return Write(Path.Combine(root, "notebooks"), "synthetic.ipynb",
            Markdown("# Synthetic homework\n\nImplement `Scale`."),
            WithOutput(Code("// @locked setup\n#r \"../assignments/bin/Release/net10.0/Course.Assignments.dll\"\nusing System.Numerics;\nusing Course;\n" +
                 "// BEGIN HIDDEN TESTS\nint hiddenProbe(string s) => s.Length;\n" + HiddenLine + "\n// END HIDDEN TESTS\n" +
                 "Console.WriteLine(\"setup done\");", Locked("setup"))),
            Code("// @unit linear\npublic class Scale<T> : Module<T> where T : IFloatingPointIeee754<T>\n{\n" +
                 "    public override Tensor<T> Forward(Tensor<T> input)\n    {\n        // BEGIN SOLUTION\n        " + SolutionLine + "\n        // END SOLUTION\n    }\n\n" +
                 "    public override Tensor<T> Backward(Tensor<T> gradOutput)\n    {\n        // BEGIN SOLUTION\n        return gradOutput.Map(g => g * T.CreateChecked(0.4242));\n        // END SOLUTION\n    }\n}",
                Unit("linear")),
            Markdown("Do not edit this cell: the grader restores it.", Locked("rules")));
    }
}
