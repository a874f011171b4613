using System.Globalization;
using System.Text;

namespace Course;

public sealed partial class Tensor<T>
{
    private const int EdgeItems = 3;

    /// <summary>
    /// Like NumPy: the shape, then the values with at most three items at each edge of an axis, e.g.
    /// <c>Tensor&lt;Double&gt; (2, 3)</c> followed by <c>[[1, 2, 3], [4, 5, 6]]</c> on lines of their own.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Tensor<").Append(typeof(T).Name).Append("> ").Append(ShapeString).Append('\n');
        if (Rank == 0 || Length == 0) return text.Append("[]").ToString();
        AppendAxis(text, 0, 0);
        return text.ToString();
    }

    private void AppendAxis(StringBuilder text, int axis, int offset)
    {
        int extent = shape[axis];
        int stride = 1;
        for (int i = axis + 1; i < Rank; i++) stride *= shape[i];
        text.Append('[');
        for (int i = 0; i < extent; i++)
        {
            if (extent > 2 * EdgeItems && i == EdgeItems)
            {
                text.Append(axis == Rank - 1 ? "..., " : "...,\n" + new string(' ', axis + 1));
                i = extent - EdgeItems - 1;
                continue;
            }
            if (axis == Rank - 1)
                text.Append(double.CreateTruncating(Data[offset + i]).ToString("G6", CultureInfo.InvariantCulture));
            else
                AppendAxis(text, axis + 1, offset + i * stride);
            if (i < extent - 1) text.Append(axis == Rank - 1 ? ", " : ",\n" + new string(' ', axis + 1));
        }
        text.Append(']');
    }
}
