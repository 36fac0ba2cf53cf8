namespace ClawChat.Runtime.Redis;

/// <summary>
/// The command did not get a reply because the connection is down: it dropped while the command
/// was in flight, it could not be re-established within the command's timeout, or the client was
/// disposed. Whether the server executed an in-flight command is unknown.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
