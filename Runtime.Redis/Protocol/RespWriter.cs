using System.Buffers;
using System.Buffers.Text;

namespace ClawChat.Runtime.Redis.Protocol;

/// <summary>Writes commands as RESP2 arrays of bulk strings (the only form servers accept from clients).</summary>
internal static class RespWriter
{
    // "*" or "$", up to 11 digits for an int, CRLF.
    private const int MaxHeaderLength = 1 + 11 + 2;

    public static void WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<RedisValue> arguments)
    {
        WriteHeader(writer, (byte)'*', arguments.Length);
        foreach (var argument in arguments)
        {
            int length = argument.GetByteCount();
            WriteHeader(writer, (byte)'$', length);
            var span = writer.GetSpan(length + 2);
            int written = argument.CopyTo(span);
            span[written] = (byte)'\r';
            span[written + 1] = (byte)'\n';
            writer.Advance(written + 2);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte kind, int length)
    {
        var span = writer.GetSpan(MaxHeaderLength);
        span[0] = kind;
        Utf8Formatter.TryFormat(length, span[1..], out int digits);
        span[1 + digits] = (byte)'\r';
        span[2 + digits] = (byte)'\n';
        writer.Advance(3 + digits);
    }
}
