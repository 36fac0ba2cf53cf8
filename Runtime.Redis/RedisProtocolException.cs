namespace ClawChat.Runtime.Redis;

/// <summary>The byte stream from the server is not valid RESP2; the connection is dropped and re-established.</summary>
public sealed class RedisProtocolException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
