namespace ClawChat.Runtime.Cluster.Transport.Connections;

/// <summary>A request (or probe) waiting for its answer on one connection. Exactly one of response, timeout,
/// connection loss or caller cancellation completes it: each path first removes the entry from the connection's
/// table and only the remover completes it. Continuations run asynchronously so a caller never runs on (and
/// stalls) the read loop that delivered the response.</summary>
internal sealed class PendingCall : TaskCompletionSource<ClusterMessage>
{
    private CancellationTokenRegistration _cancellation;

    public PendingCall(long correlationId, SiloConnection connection, long deadline, int timeoutMs, ClusterMessage request)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        CorrelationId = correlationId;
        Connection = connection;
        Deadline = deadline;
        TimeoutMs = timeoutMs;
        Kind = request.Kind;
        InterfaceId = request.InterfaceId;
        MethodId = request.MethodId;
    }

    public long CorrelationId { get; }

    public SiloConnection Connection { get; }

    /// <summary><see cref="SiloTransportBase.NowMs"/> at which the call times out (<see cref="long.MaxValue"/>: never).</summary>
    public long Deadline { get; }

    public int TimeoutMs { get; }

    public MessageKind Kind { get; }

    public uint InterfaceId { get; }

    public ushort MethodId { get; }

    /// <summary>Called after the call is tracked and queued; a response that beat the registration unregisters it at once.</summary>
    public void WatchCancellation(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var call = (PendingCall)state!;
                if (call.Connection.Untrack(call))
                {
                    call.TrySetCanceled(token);
                }
            },
            this);
        if (Task.IsCompleted)
        {
            _cancellation.Unregister();
        }
    }

    public void Complete(ClusterMessage response)
    {
        TrySetResult(response);
        _cancellation.Unregister();
    }

    public void Fail(Exception exception)
    {
        TrySetException(exception);
        _cancellation.Unregister();
    }

    public TimeoutException CreateTimeoutException()
    {
        var what = Kind == MessageKind.Request
            ? $"request {CorrelationId} (interface 0x{InterfaceId:x8}, method {MethodId})"
            : $"{Kind} probe {CorrelationId}";
        return new TimeoutException($"Silo {Connection.RemoteSilo} did not answer {what} within {TimeoutMs} ms.");
    }
}
