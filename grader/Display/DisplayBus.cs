using Microsoft.DotNet.Interactive;

namespace Course.Display;

/// <summary>
/// Where displayed values go. The worker that runs a notebook installs the sink; with none installed (code compiled
/// for grading, or run elsewhere) displaying does nothing.
/// </summary>
public static class DisplayBus
{
    /// <summary>Takes a value and the mime types asked for (empty: the value's own preference); returns a handle for
    /// <see cref="Update"/>.</summary>
    public static Func<object?, string[], int>? Publish { get; set; }

    /// <summary>Replaces what an earlier display showed.</summary>
    public static Action<int, object?, string[]>? Update { get; set; }

    internal static DisplayedValue Show(object? value, string[] mimeTypes) =>
        new(Publish?.Invoke(value, mimeTypes) ?? -1, mimeTypes);
}
