namespace Course.TorchBenchmarks;

/// <summary>Folders of the repository, found from the program's location so that any working directory works.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Mnist => Path.Combine(Root, "notebooks", "data", "mnist");

    public static string Project => Path.Combine(Root, "tests", "TorchBenchmarks");

    public static string Results => Path.Combine(Project, "results.md");

    public static string TorchScript => Path.Combine(Project, "torch_bench.py");

    private static string FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var folder = new DirectoryInfo(start); folder != null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "Course.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above the program or the working directory; run from the repository.");
    }
}
