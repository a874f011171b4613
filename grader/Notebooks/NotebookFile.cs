using System.Text;

namespace Course.Grader.Notebooks;

/// <summary>
/// Turns a path into notebook text, or into one line that says what the file is instead and what to do. Students
/// upload the oddest things (a zip of the folder, a screenshot, a file saved by Notepad as UTF-16), and the message
/// is all the help they get.
/// </summary>
public static class NotebookFile
{
    public static string ReadText(string path)
    {
        if (Directory.Exists(path)) throw new NotebookException($"{path}: is a directory, not a notebook file; name the .ipynb file inside it");
        if (!File.Exists(path)) throw new NotebookException($"{path}: no such file; check the path");
        long size = new FileInfo(path).Length;
        if (size > NotebookLimits.MaxFileBytes)
            throw new NotebookException($"{path}: the file is {size / (1024.0 * 1024):0.0} MB, more than the {NotebookLimits.MaxFileBytes / (1024 * 1024)} MB a notebook may have; " +
                                        "clear the outputs (outputs are not graded) and save it again");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new NotebookException($"{path}: cannot be read ({e.Message})"); }
        return Decode(bytes, path);
    }

    public static string Decode(byte[] bytes, string path)
    {
        if (bytes.Length == 0) throw new NotebookException($"{path}: the file is empty (0 bytes); save the notebook again from your editor");
        if (Sniff(bytes) is { } what) throw new NotebookException($"{path}: {what}");
        // Jupyter's reader rejects a UTF-8 byte-order mark; editors on Windows add one. It carries no meaning, so it
        // is dropped here and not written back.
        int start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start); }
        catch (DecoderFallbackException e)
        {
            int offset = start + e.Index;
            throw new NotebookException($"{path}: not UTF-8 text (invalid byte at offset {offset}); save the notebook as UTF-8");
        }
    }

    /// <summary>What a file is when it is recognisably not a JSON text at all.</summary>
    private static string? Sniff(byte[] b) => b switch
    {
        [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => "UTF-16 text; notebooks are UTF-8: save it again as UTF-8",
        [(byte)'{', 0, ..] or [(byte)'[', 0, ..] or [0, (byte)'{', ..] => "UTF-16 text; notebooks are UTF-8: save it again as UTF-8",
        [(byte)'P', (byte)'K', 3, 4, ..] => "a zip archive, not a notebook; unzip it and give the .ipynb inside",
        [0x1F, 0x8B, ..] => "a gzip archive, not a notebook; unpack it and give the .ipynb inside",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "a PNG image, not a notebook; give the .ipynb file",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image, not a notebook; give the .ipynb file",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => "a PDF, not a notebook; give the .ipynb file, not an export of it",
        _ when Array.IndexOf(b, (byte)0, 0, Math.Min(b.Length, 8192)) >= 0 => "a binary file, not a notebook; give the .ipynb file",
        _ => null,
    };
}
