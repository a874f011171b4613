using Course.Grader.Configuration;

namespace Course.Tests.Fixtures;

/// <summary>Paths in the repository, found from the test assembly upwards.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string MasterNotebook => Path("notebooks", "02-fully-connected.ipynb");

    public static string AutodiffMaster => Path("notebooks", "01-autodiff.ipynb");

    public static string OptimizersMaster => Path("notebooks", "03-optimizers.ipynb");

    public static CourseConfig Course { get; } = CourseLoader.Load(Path("course.json"));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new InvalidOperationException("Course.sln not found above " + AppContext.BaseDirectory);
    }
}
