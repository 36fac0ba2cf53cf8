namespace ClawChat.Runtime.Redis;

/// <summary>
/// The command was rejected without being sent because <see cref="RedisOptions.MaxPendingCommands"/>
/// commands are already waiting for replies. Back off and retry, or shed load.
/// </summary>
public sealed class RedisQueueFullException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisQueueFullException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RedisQueueFullException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
