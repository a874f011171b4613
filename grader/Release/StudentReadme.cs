using System.Globalization;
using System.Text;
using Course.Grader.Configuration;

namespace Course.Grader.Release;

/// <summary>The kit's README.md: what is in the kit, how to work with it, and how the homework is graded.</summary>
public static class StudentReadme
{
    public static string Write(CourseConfig course)
    {
        var text = new StringBuilder();
        void Line(string s = "") => text.Append(s).Append('\n');
        Line($"# {course.Title}: homework kit");
        Line();
        Line("Everything you need for the homework, in one folder:");
        Line();
        Line("| folder | what |");
        Line("|---|---|");
        Line("| `notebooks/` | the homework notebooks and the data they read (`notebooks/data`) |");
        Line("| `lib/` | the course library the notebooks reference: `Tensor<T>`, `Module<T>`, `Loss<T>`, `Initializer<T>`, `GradCheck`, the MNIST loader |");
        Line("| `tools/check/` | the self-check program (`check.sh`, `run.sh`) |");
        Line();
        Line("## Working on a notebook");
        Line();
        Line("You need the .NET 10 SDK. Open a notebook from `notebooks/` in VS Code with the Jupyter extension (C# kernel) or in");
        Line("Jupyter with a .NET kernel, and run the first code cell: it loads the course library from `../lib` with");
        Line($"`#r \"{StudentVersion.KitLibraryReference}\"`, so keep the kit's folders together. Write your code where a method");
        Line("body reads `throw new NotImplementedException();` and do not rename the classes, or move the line `// @unit ID` out");
        Line("of its cell: that line is how the grader finds each graded class. Cells marked `// @locked ID` are restored from the");
        Line("original when your notebook is graded, so edits to them are lost.");
        Line();
        Line("## Checking your work");
        Line();
        Line("From the kit's folder:");
        Line();
        Line("```bash");
        Line("./check.sh notebooks/NOTEBOOK.ipynb   # the public self-check of your graded classes");
        Line("./run.sh notebooks/NOTEBOOK.ipynb     # runs every C# cell, writes NOTEBOOK.out.ipynb with the outputs");
        Line("```");
        Line();
        Line("Both run your code in a separate process, so an endless loop or a crash only stops that process. `run` shows");
        Line("each cell's result and where errors happened (cell and line).");
        Line();
        Line("## How the homework is graded");
        Line();
        Line("After you submit, a hidden grader compiles your notebook and checks each graded class on its own: the forward");
        Line("values against a reference implementation, the gradients of `Backward` against the reference and against");
        Line("central differences in double precision, and the speed of your code against the reference's, timed on the same");
        Line("machine. An autodiff engine is checked on graphs of the grader's own operations: gradients on shared nodes,");
        Line("constants and no-grad scopes (graphs), repeated passes (passes), the topological order (order), a 100,000-node");
        Line("chain (deep), and the time to build and back-propagate a 10,000-node graph (speed). An optimizer runs 50 steps from");
        Line("the reference's start and every parameter is compared after every step (trajectory, weight_decay); schedules and");
        Line("clipping are compared value by value (values).");
        Line("The self-check cells in the notebook and `check` test the same things without the reference; passing");
        Line("them is a good sign, not a guarantee. Points per check:");
        foreach (var homework in course.Homework)
        {
            Line();
            Line($"### {homework.Title}");
            Line();
            Line($"Notebooks: {string.Join(", ", homework.Notebooks.Select(n => $"`notebooks/{Path.GetFileName(n)}`"))}. Worth " +
                 $"{Number(homework.Points)} course points; the raw points below ({Number(homework.MaxRawPoints)} in all) scale to that.");
            Line();
            Line($"Released {Date(homework.Release)}; deadline **{Date(homework.SoftDeadline)}**; nothing is accepted after " +
                 $"**{Date(homework.HardDeadline)}**.");
            Line();
            // The columns are the checks this homework uses (an engine has graph checks where a layer has forward).
            var checks = ColumnOrder.Where(c => homework.Units.Any(u => u.Points.ContainsKey(c))).ToList();
            Line($"| unit | {string.Join(" | ", checks)} |");
            Line($"|---|{string.Concat(checks.Select(_ => "---|"))}");
            foreach (var unit in homework.Units)
                Line($"| `{unit.Id}` | {string.Join(" | ", checks.Select(c => Points(unit, c)))} |");
        }
        Line();
        Line("## Late submissions");
        Line();
        Line($"After the deadline, {Number(course.LatePolicy.PointsPerDay)} course points are taken off per started day late;");
        Line("after the final date nothing is accepted.");
        return text.ToString();
    }

    private static readonly string[] ColumnOrder = ["forward", "gradient", "graphs", "passes", "order", "deep", "trajectory", "weight_decay", "values", "speed"];

    private static string Points(GradedUnitConfig unit, string check) =>
        unit.Points.TryGetValue(check, out double p) ? Number(p) : "–";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset when) => when.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture);
}
