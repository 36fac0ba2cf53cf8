namespace ClawChat.Runtime.Redis;

/// <summary>
/// A command was sent but its reply did not arrive within the command timeout. The connection stays
/// usable: the late reply is read and dropped, so later commands still get their own replies.
/// Whether the server executed the command is unknown.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
