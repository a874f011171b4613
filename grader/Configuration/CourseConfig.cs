namespace Course.Grader.Configuration;

/// <summary>The course as <c>course.json</c> describes it: homework, graded units and points, dates, policies.</summary>
public sealed record CourseConfig(
    string Title,
    Weights Weights,
    LatePolicy LatePolicy,
    IReadOnlyList<GradeBand> GradeScale,
    IReadOnlyList<SpeedBucket> SpeedBuckets,
    IReadOnlyList<Homework> Homework)
{
    /// <summary>The folder of course.json: the homework's notebook paths are relative to it. Null when parsed from memory.</summary>
    public string? Directory { get; init; }

    /// <summary>The master of a student's notebook: the homework's notebook of the same file name, or its only one.</summary>
    public string? MasterNotebook(Homework homework, string studentPath)
    {
        if (Directory is null) return null;
        string? relative = homework.Notebooks.FirstOrDefault(n => Path.GetFileNameWithoutExtension(n) == Path.GetFileNameWithoutExtension(studentPath))
                           ?? (homework.Notebooks.Count == 1 ? homework.Notebooks[0] : null);
        return relative is null ? null : Path.Combine(Directory, relative);
    }

    public Homework? FindHomework(string id) => Homework.FirstOrDefault(h => h.Id == id);

    /// <summary>The homework whose notebook list names this file (compared by file name; a .dib is the homework of the
    /// .ipynb of the same name).</summary>
    public Homework? HomeworkForNotebook(string path)
    {
        string name = Path.GetExtension(path).Equals(".dib", StringComparison.OrdinalIgnoreCase)
            ? Path.ChangeExtension(Path.GetFileName(path), ".ipynb")
            : Path.GetFileName(path);
        return Homework.FirstOrDefault(h => h.Notebooks.Any(n => Path.GetFileName(n) == name));
    }

    /// <summary>The grade for a course total (the highest band whose minimum it reaches).</summary>
    public string GradeFor(double points) =>
        GradeScale.OrderByDescending(b => b.MinPoints).FirstOrDefault(b => points >= b.MinPoints)?.Grade ?? "—";
}

/// <summary>How the 100 course points split between all homework and the project.</summary>
public sealed record Weights(double Homework, double Project);

/// <summary>Points off per (started) day after the soft deadline; nothing is accepted after the hard deadline.</summary>
public sealed record LatePolicy(double PointsPerDay);

public sealed record GradeBand(double MinPoints, string Grade);

/// <summary>Speed points: the fraction earned when the student's time is at most <see cref="MaxRatio"/> × the reference's.</summary>
public sealed record SpeedBucket(double MaxRatio, double Fraction);

/// <summary>
/// One homework. <see cref="Points"/> is what it is worth in course points (a share of <see cref="Weights.Homework"/>);
/// its units' raw points scale to that. <see cref="AllowParallelism"/> (course.json "allowParallelism", false unless
/// set) lets the homework's code use threads, tasks and Parallel past the static gate.
/// </summary>
public sealed record Homework(
    string Id,
    string Title,
    IReadOnlyList<string> Notebooks,
    DateTimeOffset Release,
    DateTimeOffset SoftDeadline,
    DateTimeOffset HardDeadline,
    double Points,
    IReadOnlyList<GradedUnitConfig> Units,
    bool AllowParallelism = false,
    IReadOnlyList<SpeedBucket>? SpeedBuckets = null)
{
    public double MaxRawPoints => Units.Sum(u => u.Points.Values.Sum());
}

/// <summary>A graded unit and the raw points of each of its checks ("forward", "gradient", "speed").</summary>
public sealed record GradedUnitConfig(string Id, IReadOnlyDictionary<string, double> Points);
