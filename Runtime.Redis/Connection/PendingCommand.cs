namespace ClawChat.Runtime.Redis.Connection;

/// <summary>
/// A command between <see cref="RedisClient.ExecuteAsync(RedisValue[], CancellationToken, TimeSpan?)"/>
/// and its reply. The caller may abandon it (timeout, cancellation) by completing it early; it then
/// stays in the reply FIFO so that its reply, when it comes, is consumed and dropped in order.
/// Continuations run asynchronously so that callers' code never runs on the reading loop.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisResult>
{
    public PendingCommand(RedisValue[] arguments)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Arguments = arguments;
    }

    public RedisValue[] Arguments { get; }

    /// <summary>The command name, for error messages.</summary>
    public string Name => Arguments[0].ToString();
}
