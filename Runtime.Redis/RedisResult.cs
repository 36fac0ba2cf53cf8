using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ClawChat.Runtime.Redis;

/// <summary>
/// One reply from the server, as parsed from RESP2. Immutable. Bulk strings keep their raw bytes;
/// the <c>As*</c> accessors convert on demand and throw <see cref="InvalidCastException"/> when the
/// reply is of a kind that has no such reading (for example <see cref="AsArray"/> on an integer).
/// </summary>
public sealed class RedisResult
{
    /// <summary>The null bulk string (<c>$-1</c>), e.g. GET of a missing key.</summary>
    public static readonly RedisResult NullBulkString = new(RedisResultType.BulkString, null, null, 0, null);

    /// <summary>The null array (<c>*-1</c>).</summary>
    public static readonly RedisResult NullArray = new(RedisResultType.Array, null, null, 0, null);

    /// <summary>The empty array (<c>*0</c>).</summary>
    public static readonly RedisResult EmptyArray = new(RedisResultType.Array, null, null, 0, []);

    private static readonly RedisResult Ok = new(RedisResultType.SimpleString, "OK", null, 0, null);

    private readonly string? _text;
    private readonly byte[]? _bytes;
    private readonly long _integer;
    private readonly RedisResult[]? _items;

    private RedisResult(RedisResultType type, string? text, byte[]? bytes, long integer, RedisResult[]? items)
    {
        Type = type;
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _items = items;
    }

    /// <summary>The reply kind.</summary>
    public RedisResultType Type { get; }

    /// <summary>True for the null bulk string and the null array.</summary>
    public bool IsNull => Type switch
    {
        RedisResultType.BulkString => _bytes is null,
        RedisResultType.Array => _items is null,
        _ => false,
    };

    /// <summary>True for an error reply.</summary>
    public bool IsError => Type == RedisResultType.Error;

    /// <summary>The error text of an error reply (e.g. <c>NOSCRIPT No matching script.</c>).</summary>
    public string ErrorMessage => IsError ? _text! : throw new InvalidCastException($"A {Type} reply has no error message.");

    internal static RedisResult SimpleString(string text) => text == "OK" ? Ok : new(RedisResultType.SimpleString, text, null, 0, null);

    internal static RedisResult Error(string text) => new(RedisResultType.Error, text, null, 0, null);

    internal static RedisResult Integer(long value) => new(RedisResultType.Integer, null, null, value, null);

    internal static RedisResult BulkString(byte[] bytes) => new(RedisResultType.BulkString, null, bytes, 0, null);

    internal static RedisResult Array(RedisResult[] items) => items.Length == 0 ? EmptyArray : new(RedisResultType.Array, null, null, 0, items);

    /// <summary>
    /// The reply as text: simple strings as they are, bulk strings decoded as UTF-8, integers in
    /// invariant format, null replies as <see langword="null"/>.
    /// </summary>
    public string? AsString() => Type switch
    {
        RedisResultType.SimpleString => _text,
        RedisResultType.BulkString => _bytes is null ? null : Encoding.UTF8.GetString(_bytes),
        RedisResultType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"A {Type} reply cannot be read as a string."),
    };

    /// <summary>The raw bytes of a bulk string (or the UTF-8 of a simple string); null for a null reply.</summary>
    public byte[]? AsBytes() => Type switch
    {
        RedisResultType.BulkString => _bytes,
        RedisResultType.SimpleString => Encoding.UTF8.GetBytes(_text!),
        _ => throw new InvalidCastException($"A {Type} reply cannot be read as bytes."),
    };

    /// <summary>An integer reply, or a bulk/simple string holding a decimal integer (as TIME and HGET return).</summary>
    public long AsInt64()
    {
        switch (Type)
        {
            case RedisResultType.Integer:
                return _integer;
            case RedisResultType.BulkString when _bytes is not null:
                if (Utf8Parser.TryParse(_bytes, out long parsed, out int consumed) && consumed == _bytes.Length)
                    return parsed;
                break;
            case RedisResultType.SimpleString:
                if (long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long fromText))
                    return fromText;
                break;
        }

        throw new InvalidCastException($"A {Type} reply cannot be read as an integer.");
    }

    /// <summary>The items of an array reply; null for the null array.</summary>
    public RedisResult[]? AsArray() => Type == RedisResultType.Array
        ? _items
        : throw new InvalidCastException($"A {Type} reply cannot be read as an array.");

    /// <summary>A short rendering for diagnostics and test output.</summary>
    public override string ToString() => Type switch
    {
        RedisResultType.Error => "(error) " + _text,
        RedisResultType.Array when _items is null => "(nil array)",
        RedisResultType.Array => "[" + string.Join(", ", _items.Select(i => i.ToString())) + "]",
        RedisResultType.BulkString when _bytes is null => "(nil)",
        RedisResultType.Integer => "(integer) " + _integer.ToString(CultureInfo.InvariantCulture),
        _ => AsString() ?? string.Empty,
    };
}
