namespace ClawChat.Runtime.Redis;

/// <summary>Base class of every exception this client throws about Redis.</summary>
public class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
