namespace Course.Grader.Cli;

/// <summary>Whether a file the user asked for can be written, said in their terms before any work is done.</summary>
public static class OutputFile
{
    /// <summary>Null when <paramref name="path"/> can be written; otherwise one line saying why and what to do.</summary>
    public static string? Problem(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            return $"{option} {path} is a folder; give a file name, such as {Path.Combine(path, "notebook.out.ipynb")}";
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            return $"{option} {path}: the folder {folder} does not exist; create it first or choose another path";
        bool existed = File.Exists(full);
        try
        {
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write)) { }
            if (!existed) File.Delete(full);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option} {path} cannot be written ({e.Message}); choose another path";
        }
    }
}
