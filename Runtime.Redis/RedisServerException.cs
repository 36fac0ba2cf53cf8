namespace ClawChat.Runtime.Redis;

/// <summary>
/// The server answered with an error reply. <see cref="Prefix"/> is its first word (<c>ERR</c>,
/// <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>NOAUTH</c>, <c>WRONGPASS</c>, ...): branch on it, never on the text.
/// The connection is healthy; the next command proceeds normally.
/// </summary>
public sealed class RedisServerException : RedisException
{
    /// <summary>Creates the exception from the full error text.</summary>
    public RedisServerException(string message)
        : base(message)
    {
        int space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>Creates the exception; the prefix is the first word of the message.</summary>
    public RedisServerException()
        : this("ERR")
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public RedisServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        int space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>The error code: the first word of the server's error text.</summary>
    public string Prefix { get; }
}
