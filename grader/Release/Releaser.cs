using Course.Grader.Configuration;
using Course.Grader.Notebooks;

namespace Course.Grader.Release;

/// <summary>
/// Builds the student versions of the course's notebooks: solutions stripped, outputs cleared, with the data the
/// notebooks read. Nothing is taken from reference/ or grader/.
/// </summary>
public static class Releaser
{
    public static IReadOnlyList<string> Release(CourseConfig course, string repositoryRoot, string outDirectory)
    {
        var written = new List<string>();
        string notebooksOut = Path.Combine(outDirectory, "notebooks");
        Directory.CreateDirectory(notebooksOut);
        foreach (var homework in course.Homework)
            foreach (var relative in homework.Notebooks)
            {
                string source = Path.Combine(repositoryRoot, relative);
                var notebook = Notebook.Load(source);
                foreach (var cell in notebook.Cells)
                {
                    cell.ClearOutputs();
                    if (cell.CellType == "code" && SolutionStripper.HasSolution(cell.Source))
                        cell.Source = SolutionStripper.Strip(cell.Source, $"{relative}, cell {cell.Index}");
                }
                string target = Path.Combine(notebooksOut, Path.GetFileName(relative));
                notebook.Save(target);
                written.Add(target);
            }

        // The data the notebooks load (MNIST, with its licence file) travels with them.
        string data = Path.Combine(repositoryRoot, "notebooks", "data");
        if (Directory.Exists(data))
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(notebooksOut, "data", Path.GetRelativePath(data, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
                written.Add(target);
            }
        return written;
    }
}
