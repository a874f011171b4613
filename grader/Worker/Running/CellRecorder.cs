using System.Text;
using Course.Grader.Protocol;

namespace Course.Worker.Running;

/// <summary>
/// Collects one cell's outputs in the order they happen: consecutive prints to the same stream form one stream
/// output, a display in between starts a new one. Everything is capped, so a cell that prints or displays without
/// end costs memory up to the caps and no more; what is cut says so.
/// </summary>
public sealed class CellRecorder
{
    public const int TextCap = 1 << 20;
    // plotly.js alone is 3.6 MB; UTF-8 at up to 3 bytes a character stays under the codec's 32 MB string cap.
    public const int DisplayCap = 8 << 20;
    private const int DisplayBudget = 64 << 20;

    private readonly List<object> items = []; // StreamText while open for appending, OutputItem otherwise
    private readonly object gate = new();
    private int textUsed, displayUsed;
    private bool textCut, displaysCut;

    public CellRecorder()
    {
        Stdout = new StreamWriter(this, "stdout");
        Stderr = new StreamWriter(this, "stderr");
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    public void Write(string stream, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        lock (gate)
        {
            int room = TextCap - textUsed;
            if (room <= 0)
            {
                if (!textCut) Append(stream, $"\n… (output cut at {TextCap >> 20} MB)\n");
                textCut = true;
                return;
            }
            if (text.Length > room) text = text[..room];
            textUsed += text.Length;
            Append(stream, text);
        }
    }

    private void Append(string stream, string text)
    {
        if (items.Count > 0 && items[^1] is StreamText open && open.Name == stream) open.Text.Append(text);
        else items.Add(new StreamText(stream, new StringBuilder(text)));
    }

    /// <summary>Adds a display; returns its position for <see cref="Replace"/>, or -1 when over the budget.</summary>
    public int Display(IReadOnlyList<MimeData> data)
    {
        lock (gate)
        {
            data = Capped(data);
            int size = data.Sum(d => d.Content.Length);
            if (displayUsed + size > DisplayBudget)
            {
                if (!displaysCut) Write("stderr", $"… (further displays dropped: this cell's displays exceed {DisplayBudget >> 20} MB)\n");
                displaysCut = true;
                return -1;
            }
            displayUsed += size;
            items.Add(new OutputItem.Display(data));
            return items.Count - 1;
        }
    }

    public void Replace(int position, IReadOnlyList<MimeData> data)
    {
        lock (gate)
        {
            if (position < 0 || position >= items.Count || items[position] is not OutputItem.Display old) return;
            data = Capped(data);
            int size = data.Sum(d => d.Content.Length), oldSize = old.Data.Sum(d => d.Content.Length);
            if (displayUsed - oldSize + size > DisplayBudget) return;
            displayUsed += size - oldSize;
            items[position] = new OutputItem.Display(data);
        }
    }

    public void Error(OutputItem.Error error)
    {
        lock (gate) items.Add(error with { Message = Cap(error.Message, TextCap), Traceback = error.Traceback.Take(200).Select(l => Cap(l, 4096)).ToList() });
    }

    public IReadOnlyList<OutputItem> Items()
    {
        lock (gate)
            return items.Select(i => i is StreamText s ? new OutputItem.Stream(s.Name, s.Text.ToString()) : (OutputItem)i).ToList();
    }

    // HTML carries charts (plotly.js is 3.6 MB); other text gets the print cap.
    private static List<MimeData> Capped(IReadOnlyList<MimeData> data) =>
        data.Select(d => d with { Content = Cap(d.Content, d.Mime == "text/html" ? DisplayCap : TextCap) }).ToList();

    private static string Cap(string text, int cap) =>
        text.Length <= cap ? text : text[..cap] + $"\n… ({text.Length - cap} more characters cut)";

    private sealed record StreamText(string Name, StringBuilder Text);

    /// <summary>Console.Out / Console.Error for the cell's code.</summary>
    private sealed class StreamWriter(CellRecorder recorder, string name) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => recorder.Write(name, value.ToString());

        public override void Write(string? value) => recorder.Write(name, value);

        public override void Write(char[] buffer, int index, int count) => recorder.Write(name, new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => recorder.Write(name, new string(buffer));

        public override void WriteLine(string? value) => recorder.Write(name, value + new string(CoreNewLine));
    }
}
