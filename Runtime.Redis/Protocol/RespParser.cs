using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ClawChat.Runtime.Redis.Protocol;

/// <summary>
/// Incremental RESP2 reply parser over a <see cref="ReadOnlySequence{T}"/>. A reply is either parsed
/// whole or not at all: on <see langword="false"/> the caller rewinds to where the reply started and
/// waits for more bytes. Re-parsing a partially received array costs a rescan of its headers, which
/// is cheap next to the network; bulk payloads are only copied once they are complete.
/// </summary>
internal static class RespParser
{
    /// <summary>Redis' own proto-max-bulk-len default.</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    /// <summary>Deeper nesting than this is treated as a corrupt stream rather than risking the stack.</summary>
    public const int MaxDepth = 32;

    private const int MaxArrayLength = 64 * 1024 * 1024;

    /// <summary>Parses one complete reply, or returns false (reader position then unspecified) if more bytes are needed.</summary>
    /// <exception cref="RedisProtocolException">The bytes are not RESP2.</exception>
    public static bool TryParse(ref SequenceReader<byte> reader, out RedisResult? result) => TryParse(ref reader, 0, out result);

    private static bool TryParse(ref SequenceReader<byte> reader, int depth, out RedisResult? result)
    {
        result = null;
        if (!reader.TryRead(out byte kind))
            return false;

        switch (kind)
        {
            case (byte)'+':
                if (!TryReadLine(ref reader, out var simple))
                    return false;
                result = RedisResult.SimpleString(Decode(simple));
                return true;

            case (byte)'-':
                if (!TryReadLine(ref reader, out var error))
                    return false;
                result = RedisResult.Error(Decode(error));
                return true;

            case (byte)':':
                if (!TryReadLine(ref reader, out var integer))
                    return false;
                result = RedisResult.Integer(ParseInteger(integer));
                return true;

            case (byte)'$':
                return TryParseBulk(ref reader, out result);

            case (byte)'*':
                return TryParseArray(ref reader, depth, out result);

            default:
                throw new RedisProtocolException($"Unexpected RESP type byte 0x{kind:X2} at offset {reader.Consumed - 1}.");
        }
    }

    private static bool TryParseBulk(ref SequenceReader<byte> reader, out RedisResult? result)
    {
        result = null;
        if (!TryReadLine(ref reader, out var header))
            return false;

        long length = ParseInteger(header);
        if (length == -1)
        {
            result = RedisResult.NullBulkString;
            return true;
        }

        if (length < 0 || length > MaxBulkLength)
            throw new RedisProtocolException($"Invalid bulk string length {length}.");
        if (reader.Remaining < length + 2)
            return false;

        var bytes = length == 0 ? [] : new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
            throw new RedisProtocolException("Bulk string is not terminated by CRLF.");
        result = RedisResult.BulkString(bytes);
        return true;
    }

    private static bool TryParseArray(ref SequenceReader<byte> reader, int depth, out RedisResult? result)
    {
        result = null;
        if (depth >= MaxDepth)
            throw new RedisProtocolException($"Arrays nested deeper than {MaxDepth} levels.");
        if (!TryReadLine(ref reader, out var header))
            return false;

        long length = ParseInteger(header);
        if (length == -1)
        {
            result = RedisResult.NullArray;
            return true;
        }

        if (length < 0 || length > MaxArrayLength)
            throw new RedisProtocolException($"Invalid array length {length}.");

        // Every element takes at least 3 bytes (":0\r\n" is 4), so an array cannot be complete
        // before that many bytes are buffered: avoids allocating a huge array for a truncated reply.
        if (reader.Remaining < length * 3)
            return false;

        var items = length == 0 ? [] : new RedisResult[length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!TryParse(ref reader, depth + 1, out var item))
                return false;
            items[i] = item!;
        }

        result = RedisResult.Array(items);
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
        => reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true);

    private static string Decode(in ReadOnlySequence<byte> line) => Encoding.UTF8.GetString(line);

    private static long ParseInteger(in ReadOnlySequence<byte> line)
    {
        if (line.Length is 0 or > 20)
            throw new RedisProtocolException($"Invalid RESP integer of {line.Length} bytes.");

        Span<byte> scratch = stackalloc byte[20];
        ReadOnlySpan<byte> span = line.IsSingleSegment ? line.FirstSpan : scratch[..(int)line.Length];
        if (!line.IsSingleSegment)
            line.CopyTo(scratch);

        if (!Utf8Parser.TryParse(span, out long value, out int consumed) || consumed != span.Length)
            throw new RedisProtocolException($"Invalid RESP integer '{Encoding.ASCII.GetString(span)}'.");
        return value;
    }
}
