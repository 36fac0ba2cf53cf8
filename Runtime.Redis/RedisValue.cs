using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ClawChat.Runtime.Redis;

/// <summary>
/// One command argument: a string (sent as UTF-8), raw bytes, or an integer (sent in decimal).
/// Converts implicitly from <see cref="string"/>, <see cref="byte"/>[], <see cref="long"/> and
/// <see cref="int"/>, so calls read as <c>ExecuteAsync("HINCRBY", key, "ver", 1)</c>.
/// </summary>
public readonly struct RedisValue
{
    private readonly object? _reference;
    private readonly long _integer;

    private RedisValue(object? reference, long integer)
    {
        _reference = reference;
        _integer = integer;
    }

    /// <summary>Wraps a string; null becomes the empty string (RESP2 has no null argument).</summary>
    public static implicit operator RedisValue(string? value) => new(value ?? string.Empty, 0);

    /// <summary>Wraps raw bytes (not copied: do not mutate until the command completes).</summary>
    public static implicit operator RedisValue(byte[] value) => new(value, 0);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator RedisValue(long value) => new(null, value);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator RedisValue(int value) => new(null, value);

    /// <summary>Wraps a string.</summary>
    public static RedisValue FromString(string? value) => value;

    /// <summary>Wraps raw bytes.</summary>
    public static RedisValue FromBytes(byte[] value) => value;

    /// <summary>Wraps an integer.</summary>
    public static RedisValue FromInt64(long value) => value;

    /// <summary>The number of bytes this argument occupies on the wire (excluding framing).</summary>
    internal int GetByteCount() => _reference switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        byte[] b => b.Length,
        _ => CountDigits(_integer),
    };

    /// <summary>Writes the argument bytes; <paramref name="destination"/> holds at least <see cref="GetByteCount"/> bytes.</summary>
    internal int CopyTo(Span<byte> destination)
    {
        switch (_reference)
        {
            case string s:
                return Encoding.UTF8.GetBytes(s, destination);
            case byte[] b:
                b.CopyTo(destination);
                return b.Length;
            default:
                Utf8Formatter.TryFormat(_integer, destination, out int written);
                return written;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _reference switch
    {
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => _integer.ToString(CultureInfo.InvariantCulture),
    };

    private static int CountDigits(long value)
    {
        if (value == long.MinValue)
            return 20;
        int sign = value < 0 ? 1 : 0;
        ulong magnitude = (ulong)Math.Abs(value);
        int digits = 1;
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }

        return digits + sign;
    }
}
