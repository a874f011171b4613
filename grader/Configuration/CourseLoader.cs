using System.Globalization;
using System.Text.Json;
using Course.Grader.Units;

namespace Course.Grader.Configuration;

public sealed class CourseConfigException(string message) : Exception(message);

/// <summary>
/// Reads and checks <c>course.json</c>. Every problem is reported with the JSON path of the offending field, all of
/// them at once, so an instructor fixes the file in one pass.
/// </summary>
public static class CourseLoader
{
    public static readonly string[] CheckNames = ["forward", "gradient", "speed", "graphs", "passes", "order", "deep", "trajectory", "weight_decay", "values"];

    public static CourseConfig Load(string path)
    {
        if (!File.Exists(path)) throw new CourseConfigException($"{path}: not found; the grader needs the course description (course.json in the repository root, or --course PATH).");
        string text = File.ReadAllText(path);
        JsonDocument document;
        try { document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new CourseConfigException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}"); }
        using (document) return Parse(document.RootElement, path) with { Directory = Path.GetDirectoryName(Path.GetFullPath(path)) };
    }

    public static CourseConfig Parse(JsonElement root, string file = "course.json")
    {
        var errors = new List<string>();
        var r = new Reader(errors, file);
        var config = new CourseConfig(
            r.String(root, "title"),
            r.Object(root, "weights", w => new Weights(r.Number(w, "homework", "weights"), r.Number(w, "project", "weights")), new Weights(60, 40)),
            r.Object(root, "latePolicy", l => new LatePolicy(r.Number(l, "pointsPerDay", "latePolicy")), new LatePolicy(0)),
            r.Array(root, "gradeScale", "gradeScale", (e, p) => new GradeBand(r.Number(e, "minPoints", p), r.String(e, "grade", p))),
            r.Array(root, "speedBuckets", "speedBuckets", (e, p) => new SpeedBucket(r.Number(e, "maxRatio", p), r.Number(e, "fraction", p))),
            r.Array(root, "homework", "homework", (e, p) => ParseHomework(r, e, p)));

        Validate(config, errors, file);
        if (errors.Count > 0)
            throw new CourseConfigException(string.Join(Environment.NewLine, errors));
        return config;
    }

    private static Homework ParseHomework(Reader r, JsonElement e, string path) => new(
        r.String(e, "id", path),
        r.String(e, "title", path),
        r.Array(e, "notebooks", $"{path}.notebooks", (n, p) => r.Value(n, p)),
        r.Date(e, "release", path),
        r.Date(e, "softDeadline", path),
        r.Date(e, "hardDeadline", path),
        r.Number(e, "points", path),
        r.Array(e, "units", $"{path}.units", (u, p) => new GradedUnitConfig(
            r.String(u, "id", p),
            r.Object(u, "points", pts => ParsePoints(r, pts, $"{p}.points"), new Dictionary<string, double>(), p))),
        r.OptionalBool(e, "allowParallelism", path),
        e.TryGetProperty("speedBuckets", out _) ? ParseBuckets(r, e, $"{path}.speedBuckets") : null);

    private static List<SpeedBucket> ParseBuckets(Reader r, JsonElement e, string path) =>
        r.Array(e, "speedBuckets", path, (b, p) => new SpeedBucket(r.Number(b, "maxRatio", p), r.Number(b, "fraction", p)));

    private static Dictionary<string, double> ParsePoints(Reader r, JsonElement points, string path)
    {
        var result = new Dictionary<string, double>();
        foreach (var property in points.EnumerateObject())
        {
            if (!CheckNames.Contains(property.Name))
            {
                r.Error($"{path}.{property.Name}: unknown check; the checks are {string.Join(", ", CheckNames)}");
                continue;
            }
            result[property.Name] = r.Number(points, property.Name, path);
        }
        return result;
    }

    private static void Validate(CourseConfig c, List<string> errors, string file)
    {
        void Error(string message) => errors.Add($"{file}: {message}");

        if (c.Weights.Homework < 0 || c.Weights.Project < 0 || Math.Abs(c.Weights.Homework + c.Weights.Project - 100) > 1e-9)
            Error($"weights: homework ({c.Weights.Homework}) and project ({c.Weights.Project}) must be non-negative and add up to 100");
        if (c.LatePolicy.PointsPerDay < 0) Error("latePolicy.pointsPerDay: must be ≥ 0");

        var bands = c.GradeScale;
        if (bands.Count == 0) Error("gradeScale: needs at least one band, e.g. {\"minPoints\": 50, \"grade\": \"3\"}");
        for (int i = 0; i < bands.Count; i++)
        {
            if (bands[i].MinPoints < 0 || bands[i].MinPoints > 100) Error($"gradeScale[{i}].minPoints: must lie in [0, 100], not {bands[i].MinPoints}");
            if (i > 0 && bands[i].MinPoints <= bands[i - 1].MinPoints) Error($"gradeScale[{i}].minPoints: bands must be listed with rising minimums");
        }

        void CheckBuckets(IReadOnlyList<SpeedBucket> buckets, string path)
        {
            for (int i = 0; i < buckets.Count; i++)
            {
                if (buckets[i].MaxRatio <= 0) Error($"{path}[{i}].maxRatio: must be > 0");
                if (buckets[i].Fraction < 0 || buckets[i].Fraction > 1) Error($"{path}[{i}].fraction: must lie in [0, 1]");
                if (i > 0 && buckets[i].MaxRatio <= buckets[i - 1].MaxRatio) Error($"{path}[{i}].maxRatio: buckets must be listed with rising ratios");
                if (i > 0 && buckets[i].Fraction > buckets[i - 1].Fraction) Error($"{path}[{i}].fraction: a slower bucket cannot earn more");
            }
        }
        CheckBuckets(c.SpeedBuckets, "speedBuckets");
        for (int h = 0; h < c.Homework.Count; h++)
            if (c.Homework[h].SpeedBuckets is { } own) CheckBuckets(own, $"homework[{h}].speedBuckets");

        var ids = new HashSet<string>();
        double homeworkPoints = 0;
        for (int h = 0; h < c.Homework.Count; h++)
        {
            var hw = c.Homework[h];
            string path = $"homework[{h}]";
            homeworkPoints += hw.Points;
            if (hw.Id.Length > 0 && !ids.Add(hw.Id)) Error($"{path}.id: \"{hw.Id}\" is used twice");
            if (hw.Points <= 0) Error($"{path}.points: must be > 0");
            if (hw.Notebooks.Count == 0) Error($"{path}.notebooks: list at least one notebook");
            if (hw.SoftDeadline < hw.Release) Error($"{path}.softDeadline: before the release date");
            if (hw.HardDeadline < hw.SoftDeadline) Error($"{path}.hardDeadline: before the soft deadline");
            var unitIds = new HashSet<string>();
            for (int u = 0; u < hw.Units.Count; u++)
            {
                var unit = hw.Units[u];
                string upath = $"{path}.units[{u}]";
                if (!unitIds.Add(unit.Id)) Error($"{upath}.id: \"{unit.Id}\" is listed twice");
                var definition = UnitCatalog.Find(hw.Id, unit.Id);
                if (definition is null)
                {
                    Error($"{upath}.id: no graded unit \"{unit.Id}\"; known units: {string.Join(", ", UnitCatalog.All.Select(d => d.Id).Distinct())}");
                    continue;
                }
                foreach (var (check, points) in unit.Points)
                {
                    if (points < 0) Error($"{upath}.points.{check}: must be ≥ 0");
                    if (!definition.Checks.Contains(check)) Error($"{upath}.points.{check}: unit \"{unit.Id}\" has no {check} check (it has {string.Join(", ", definition.Checks)})");
                }
                if (unit.Points.Count == 0) Error($"{upath}.points: give the points of at least one check");
            }
        }
        if (homeworkPoints > c.Weights.Homework + 1e-9)
            Error($"homework: the homework points add up to {homeworkPoints}, more than weights.homework ({c.Weights.Homework})");
    }

    /// <summary>Typed field access that records an error (with its path) instead of throwing.</summary>
    private sealed class Reader(List<string> errors, string file)
    {
        public void Error(string message) => errors.Add($"{file}: {message}");

        private JsonElement? Field(JsonElement e, string name, string path, JsonValueKind kind, string what)
        {
            string full = path.Length == 0 ? name : $"{path}.{name}";
            if (e.ValueKind != JsonValueKind.Object) { Error($"{(path.Length == 0 ? "(top level)" : path)}: must be an object"); return null; }
            if (!e.TryGetProperty(name, out var value)) { Error($"{full}: missing; {what} is required"); return null; }
            if (value.ValueKind != kind) { Error($"{full}: must be {what}, not {Show(value)}"); return null; }
            return value;
        }

        public string String(JsonElement e, string name, string path = "") =>
            Field(e, name, path, JsonValueKind.String, "a string") is { } v ? v.GetString()! : "";

        public string Value(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String) return e.GetString()!;
            Error($"{path}: must be a string, not {Show(e)}");
            return "";
        }

        /// <summary>A true/false field that may be left out (false).</summary>
        public bool OptionalBool(JsonElement e, string name, string path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var value)) return false;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            Error($"{path}.{name}: must be true or false, not {Show(value)}");
            return false;
        }

        public double Number(JsonElement e, string name, string path = "") =>
            Field(e, name, path, JsonValueKind.Number, "a number") is { } v ? v.GetDouble() : 0;

        public DateTimeOffset Date(JsonElement e, string name, string path)
        {
            string text = String(e, name, path);
            if (text.Length == 0) return default;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && text.Contains('T')
                && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T')))
                return date;
            Error($"{path}.{name}: \"{text}\" is not an ISO 8601 date-time with a time zone, e.g. 2026-09-14T09:00:00+03:00");
            return default;
        }

        public T Object<T>(JsonElement e, string name, Func<JsonElement, T> read, T fallback, string path = "") =>
            Field(e, name, path, JsonValueKind.Object, "an object") is { } v ? read(v) : fallback;

        public List<T> Array<T>(JsonElement e, string name, string path, Func<JsonElement, string, T> read)
        {
            string parent = path.Contains('.') ? path[..path.LastIndexOf('.')] : "";
            if (Field(e, name, parent, JsonValueKind.Array, "an array") is not { } v) return [];
            return v.EnumerateArray().Select((item, i) => read(item, $"{path}[{i}]")).ToList();
        }

        private static string Show(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{v.GetString()}\"",
            JsonValueKind.Number => $"the number {v.GetRawText()}",
            JsonValueKind.Null => "null",
            var k => k.ToString().ToLowerInvariant(),
        };
    }
}
