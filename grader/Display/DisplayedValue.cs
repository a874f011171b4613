namespace Microsoft.DotNet.Interactive;

/// <summary>A shown value; <see cref="Update"/> replaces it, as Polyglot's handle of the same name does.</summary>
public sealed class DisplayedValue
{
    private readonly int handle;
    private readonly string[] mimeTypes;

    internal DisplayedValue(int handle, string[] mimeTypes)
    {
        this.handle = handle;
        this.mimeTypes = mimeTypes;
    }

    public void Update(object? value)
    {
        if (handle >= 0) Course.Display.DisplayBus.Update?.Invoke(handle, value, mimeTypes);
    }

    // A cell ending in display(x) would otherwise show the handle as its value too.
    public override string ToString() => "";
}
