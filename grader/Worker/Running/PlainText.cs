using System.Collections;
using System.Text;

namespace Course.Worker.Running;

/// <summary>
/// A value as readable text: collections as <c>[1, 2, 3]</c> and dictionaries as <c>{ a: 1 }</c> (nested, at most
/// <see cref="MaxItems"/> items each), everything else by its own ToString (tensors, records, numbers).
/// </summary>
public static class PlainText
{
    public const int MaxItems = 100;

    public static string Format(object? value)
    {
        var text = new StringBuilder();
        Append(text, value, depth: 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("<null>");
                return;
            case string s:
                text.Append(depth == 0 ? s : $"\"{s}\"");
                return;
            case IDictionary dictionary when !OwnsToString(value) && depth < 4:
                text.Append("{ ");
                int n = 0;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (n > 0) text.Append(", ");
                    if (n++ == MaxItems) { text.Append('…'); break; }
                    Append(text, entry.Key, depth + 1);
                    text.Append(": ");
                    Append(text, entry.Value, depth + 1);
                }
                text.Append(" }");
                return;
            case IEnumerable items when !OwnsToString(value) && depth < 4:
                text.Append('[');
                int i = 0;
                foreach (object? item in items)
                {
                    if (i > 0) text.Append(", ");
                    // Enumerables may be endless: stop reading after the limit.
                    if (i++ == MaxItems) { text.Append('…'); break; }
                    Append(text, item, depth + 1);
                }
                text.Append(']');
                return;
            default:
                text.Append(value.ToString());
                return;
        }
    }

    // A type that writes its own ToString (a tensor, a record) knows best how it reads.
    private static bool OwnsToString(object value) =>
        value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } t && t != typeof(object) && !IsFrameworkCollection(t);

    private static bool IsFrameworkCollection(Type t) => t.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true;
}
