namespace Course.Grader.Release;

/// <summary>
/// Something in a master notebook that would break release or grading. <see cref="Cell"/> is 1-based (0: the
/// notebook as a whole), <see cref="Line"/> 1-based within the cell (0: the cell as a whole). Repairable problems are
/// fixed by <c>author --write</c> (and, in the student copy, by the release itself).
/// </summary>
public sealed record AuthorProblem(string Notebook, int Cell, int Line, string Message, bool Repairable = false)
{
    public override string ToString()
    {
        string where = Notebook;
        if (Cell > 0) where += $", cell {Cell}";
        if (Line > 0) where += $", line {Line}";
        return $"{where}: {Message}";
    }
}
