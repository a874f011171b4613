using System.Buffers.Binary;

namespace Course.Grader.Protocol;

/// <summary>
/// Length-prefixed frames: [u32 payload length][u8 message type][payload], little-endian. The reader refuses a frame
/// larger than its cap before allocating, so a worker cannot make the grader allocate gigabytes.
/// </summary>
public static class Frames
{
    public const int DefaultMaxPayload = 256 << 20;

    public static void Write(Stream stream, MessageType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        header[4] = (byte)type;
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame; null at a clean end of stream.</summary>
    public static (MessageType Type, byte[] Payload)? Read(Stream stream, int maxPayload = DefaultMaxPayload)
    {
        var header = new byte[5];
        int got = ReadFully(stream, header);
        if (got == 0) return null;
        if (got < header.Length) throw new ProtocolException("the stream ended inside a frame header");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > (uint)maxPayload) throw new ProtocolException($"a frame of {length} bytes exceeds the cap of {maxPayload}");
        var payload = new byte[length];
        if (ReadFully(stream, payload) < payload.Length) throw new ProtocolException("the stream ended inside a frame");
        return ((MessageType)header[4], payload);
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}

public enum MessageType : byte
{
    Load = 1,
    LoadResult = 2,
    Call = 3,
    CallResult = 4,
    Execute = 5,
    CellOutput = 6,
    ExecuteDone = 7,
}

public sealed class ProtocolException(string message) : Exception(message);
