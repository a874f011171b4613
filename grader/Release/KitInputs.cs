using System.Reflection;

namespace Course.Grader.Release;

/// <summary>
/// The build outputs a kit is assembled from, fixed when the grader was built (like the worker's path): the course
/// library, the public self-check program and the worker it starts.
/// </summary>
public sealed record KitInputs(string Library, string SelfCheck, string Worker)
{
    public static KitInputs Locate()
    {
        var inputs = new KitInputs(Baked("AssignmentsOutput"), Baked("SelfCheckOutput"), Baked("WorkerOutput"));
        Require(inputs.Library, "Course.Assignments.dll", "assignments/Course.Assignments.csproj");
        Require(inputs.SelfCheck, "course-check.dll", "grader/SelfCheck/Course.SelfCheck.csproj");
        Require(inputs.Worker, "Course.Worker.dll", "grader/Worker/Course.Worker.csproj");
        return inputs;
    }

    private static string Baked(string key) =>
        typeof(KitInputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    private static void Require(string directory, string file, string project)
    {
        if (!File.Exists(Path.Combine(directory, file)))
        {
            // The outputs of the configuration this grader was built in (`dotnet run` builds Debug).
            string configuration = Baked("BuildConfiguration");
            throw new ReleaseException($"{Path.Combine(directory, file)} is not built; the kit needs it: run `dotnet build Course.sln -c {configuration}` " +
                                       $"(or `dotnet build {project} -c {configuration}`) in the repository root, then release again");
        }
    }
}
