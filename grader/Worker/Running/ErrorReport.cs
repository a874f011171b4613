using System.Diagnostics;
using System.Reflection;
using Course.Grader.Protocol;

namespace Course.Worker.Running;

/// <summary>
/// Error outputs as people read them: the exception's type and message, then the notebook frames of its stack with
/// "cell 7, line 2" (or the #load-ed file and its line) instead of compiler file names and submission types.
/// </summary>
public static class ErrorReport
{
    public static OutputItem.Error FromException(Exception e, string? notebookDirectory, string? context = null)
    {
        var traceback = new List<string> { $"{e.GetType().Name}: {e.Message}" };
        int cell = 0, line = 0;
        var frames = new StackTrace(e, fNeedFileInfo: true).GetFrames();
        // Frames after the last notebook frame are Roslyn's script machinery: noise to a student.
        int last = Array.FindLastIndex(frames, f => Location(f, notebookDirectory) is not null);
        for (int i = 0; i < frames.Length && (last < 0 || i <= last); i++)
        {
            var frame = frames[i];
            string method = MethodName(frame.GetMethod());
            string? where = Location(frame, notebookDirectory);
            traceback.Add(where is null ? $"   at {method}" : $"   at {method} in {where}, line {frame.GetFileLineNumber()}");
            if (cell == 0 && CellOf(frame.GetFileName()) is int c)
                (cell, line) = (c, frame.GetFileLineNumber());
        }
        string message = context is null ? e.Message : $"{context}: {e.Message}";
        if (context is not null) traceback[0] = $"{e.GetType().Name}: {message}";
        return new OutputItem.Error(e.GetType().Name, message, traceback, cell, line);
    }

    public static OutputItem.Error FromDiagnostics(IReadOnlyList<Diagnostic> errors)
    {
        var first = errors[0];
        var traceback = errors.Select(d => $"{d.Where}, column {d.Column}: error {d.Id}: {d.Message}").ToList();
        return new OutputItem.Error("CompilationError", $"{first.Where}: error {first.Id}: {first.Message}", traceback, first.Cell, first.Line);
    }

    public static OutputItem.Error Timeout(string message) => new("Timeout", message, [$"Timeout: {message}"], 0, 0);

    /// <summary>"cell 7" for cell code, a path relative to the notebook for a #load-ed file, null elsewhere.</summary>
    private static string? Location(StackFrame frame, string? notebookDirectory)
    {
        string? file = frame.GetFileName();
        if (file is null) return null;
        if (CellOf(file) is int cell) return $"cell {cell}";
        if (notebookDirectory is not null && Path.IsPathRooted(file) &&
            Path.GetFullPath(file).StartsWith(Path.TrimEndingDirectorySeparator(notebookDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return Path.GetRelativePath(notebookDirectory, file);
        return null;
    }

    private static int? CellOf(string? file) =>
        file is not null && file.StartsWith("cell-", StringComparison.Ordinal) && int.TryParse(file.AsSpan(5), out int cell) ? cell : null;

    // Submission#3.Div → Div; Submission#3+Layer.Forward → Layer.Forward; the cell's own body → <cell code>.
    private static string MethodName(MethodBase? method)
    {
        if (method is null) return "<unknown>";
        var type = method.DeclaringType;
        var names = new List<string>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t.Name.StartsWith("Submission#", StringComparison.Ordinal)) break;
            if (t.Name.StartsWith("<<Initialize>>", StringComparison.Ordinal)) return "<cell code>";
            names.Insert(0, t.Name.StartsWith('<') ? "<lambda>" : t.Name);
        }
        if (type is not null && !IsSubmission(type)) return $"{type.FullName}.{method.Name}";
        names.Add(method.Name);
        return string.Join('.', names);
    }

    private static bool IsSubmission(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
            if (t.Name.StartsWith("Submission#", StringComparison.Ordinal)) return true;
        return false;
    }
}
