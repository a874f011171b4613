using System.Buffers.Binary;
using System.IO.Compression;

namespace Course.Data;

/// <summary>The contents of an IDX file: its dimensions and its unsigned bytes in row-major order.</summary>
public sealed class IdxFile
{
    internal IdxFile(string path, int magic, int[] dimensions, byte[] data)
    {
        Path = path;
        Magic = magic;
        this.dimensions = dimensions;
        Data = data;
    }

    private readonly int[] dimensions;

    /// <summary>The file it was read from, for messages.</summary>
    public string Path { get; }

    /// <summary>The four leading bytes read as a big-endian integer, e.g. 0x00000803 for images.</summary>
    public int Magic { get; }

    /// <summary>The extent of each dimension; a copy.</summary>
    public int[] Dimensions => (int[])dimensions.Clone();

    /// <summary>The values, row-major: for images (count, rows, columns).</summary>
    public byte[] Data { get; }
}

/// <summary>
/// Reads the IDX format of the MNIST distribution, gzip-compressed or raw.
/// </summary>
/// <remarks>
/// Layout: a magic number whose first two bytes are zero, whose third byte is the element type (0x08 = unsigned byte)
/// and whose fourth byte is the number of dimensions; then one big-endian 32-bit extent per dimension; then the values.
/// Only unsigned bytes are supported, which is what MNIST, Fashion-MNIST and EMNIST use. The reader is strict: a file
/// with a wrong magic number, fewer values than its header announces, or bytes after the values is rejected with an
/// <see cref="InvalidDataException"/> naming the file, because a silently short data set trains silently worse.
/// </remarks>
public static class Idx
{
    /// <summary>Unsigned bytes, three dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Unsigned bytes, one dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an unsigned-byte IDX file of any rank.</summary>
    public static IdxFile Read(string path) => Read(path, expectedMagic: null);

    /// <summary>Reads an IDX file and requires its magic number to be <paramref name="expectedMagic"/>.</summary>
    public static IdxFile Read(string path, int expectedMagic) => Read(path, (int?)expectedMagic);

    private static IdxFile Read(string path, int? expectedMagic)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);

        using var file = File.OpenRead(path);
        using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return ReadFrom(stream, path, expectedMagic);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // A corrupt gzip stream: GZipStream's own message does not say which file.
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static IdxFile ReadFrom(Stream stream, string path, int? expectedMagic)
    {
        Span<byte> word = stackalloc byte[4];
        if (ReadFully(stream, word) < 4)
            throw new InvalidDataException($"{path}: truncated IDX file: it ends inside the 4-byte magic number.");
        int magic = BinaryPrimitives.ReadInt32BigEndian(word);

        if (expectedMagic is int expected && magic != expected)
            throw new InvalidDataException(
                $"{path}: bad magic number {Hex(magic)}; expected {Hex(expected)} ({Describe(expected)}). " +
                "Is this the right file, and is it an IDX file at all?");
        if ((magic & unchecked((int)0xFFFF0000)) != 0)
            throw new InvalidDataException($"{path}: bad magic number {Hex(magic)}; an IDX file starts with two zero bytes.");
        if (word[2] != UnsignedByte)
            throw new InvalidDataException(
                $"{path}: IDX element type 0x{word[2]:X2} is not supported; only unsigned bytes (0x08) are.");

        int rank = word[3];
        if (rank == 0) throw new InvalidDataException($"{path}: the IDX header declares zero dimensions.");
        var dimensions = new int[rank];
        long length = 1;
        for (int i = 0; i < rank; i++)
        {
            if (ReadFully(stream, word) < 4)
                throw new InvalidDataException(
                    $"{path}: truncated IDX file: it ends inside the header, at dimension {i + 1} of {rank}.");
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dimensions[i] < 0)
                throw new InvalidDataException($"{path}: dimension {i + 1} is negative ({dimensions[i]}).");
            length *= dimensions[i];
            if (length > Array.MaxLength)
                throw new InvalidDataException($"{path}: the dimensions {Shape(dimensions[..(i + 1)])} are too large.");
        }

        var data = new byte[length];
        int read = ReadFully(stream, data);
        if (read < length)
            throw new InvalidDataException(
                $"{path}: truncated IDX file: the header announces {Shape(dimensions)} = {length} values, " +
                $"but only {read} follow it.");
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException(
                $"{path}: the file has more bytes than its header {Shape(dimensions)} announces ({length} values).");
        return new IdxFile(path, magic, dimensions, data);
    }

    private static bool IsGzip(FileStream file)
    {
        // Decide by content, not by name: ".gz" files are sometimes stored already decompressed.
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1F && b1 == 0x8B;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string Hex(int value) => $"0x{value:X8}";

    private static string Shape(int[] dimensions) => "(" + string.Join(", ", dimensions) + ")";

    private static string Describe(int magic) => magic switch
    {
        ImagesMagic => "unsigned-byte images: count, rows, columns",
        LabelsMagic => "unsigned-byte labels: count",
        _ => $"unsigned bytes in {magic & 0xFF} dimensions",
    };
}
