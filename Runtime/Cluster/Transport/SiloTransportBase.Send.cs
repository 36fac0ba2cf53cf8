using ClawChat.Runtime.Cluster.Transport.Connections;
using ClawChat.Runtime.Cluster.Transport.Framing;

namespace ClawChat.Runtime.Cluster.Transport;

public abstract partial class SiloTransportBase
{
    /// <inheritdoc/>
    /// <remarks>The transport assigns <see cref="ClusterMessage.CorrelationId"/>. A Reject comes back as the returned
    /// message, not as an exception. An oversized message throws <see cref="ArgumentException"/> at once. A silo
    /// declared dead is refused with <see cref="GrainCallRejectedException"/> (Transient: nothing was sent, so
    /// re-resolving and retrying is safe).</remarks>
    public Task<ClusterMessage> SendRequestAsync(SiloAddress target, ClusterMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != MessageKind.Request)
        {
            throw new ArgumentException($"SendRequestAsync sends Request messages, not {request.Kind}.", nameof(request));
        }

        var timeoutMs = ToMilliseconds(timeout);
        var size = ClusterMessageCodec.Measure(request, out var headerLength);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ClusterMessage>(cancellationToken);
        }

        if (RefuseSend(target) is { } refusal)
        {
            return Task.FromException<ClusterMessage>(refusal);
        }

        var deadline = Deadline(timeoutMs);
        var peer = GetPeer(target);
        return peer.TryGetConnection(out var connection)
            ? SendOn(connection, request, headerLength, size, timeoutMs, deadline, cancellationToken)
            : SendAfterConnectAsync(peer, request, headerLength, size, timeoutMs, deadline, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Accepts OneWay and MembershipChanged messages. A full queue, a dead target or a failed dial drops the
    /// message (logged at Debug); an oversized message throws <see cref="ArgumentException"/>.</remarks>
    public void Send(SiloAddress target, ClusterMessage message)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind is not (MessageKind.OneWay or MessageKind.MembershipChanged))
        {
            throw new ArgumentException($"Send takes OneWay or MembershipChanged messages, not {message.Kind}.", nameof(message));
        }

        var size = ClusterMessageCodec.Measure(message, out var headerLength);
        if (message.Kind == MessageKind.OneWay)
        {
            message.CorrelationId = NextCorrelationId();
        }

        if (RefuseSend(target) is { } refusal)
        {
            Log.Dropped(Logger, message.Kind, target, refusal.Message);
            return;
        }

        var peer = GetPeer(target);
        if (peer.TryGetConnection(out var connection))
        {
            EnqueueOneWay(connection, message, headerLength, size);
        }
        else
        {
            _ = SendOneWayAfterConnectAsync(peer, message, headerLength, size);
        }
    }

    public async Task<TimeSpan?> PingAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var answer = await ProbeAsync(target, new ClusterMessage { Kind = MessageKind.Ping }, timeout, cancellationToken).ConfigureAwait(false);
        return answer?.RoundTrip;
    }

    /// <inheritdoc/>
    /// <remarks>Sends an <see cref="MessageKind.IndirectPing"/> to <paramref name="intermediary"/>, which pings
    /// <paramref name="target"/> on its own connection within 80 % of the budget and answers with a Pong.</remarks>
    public async Task<bool> PingViaAsync(SiloAddress intermediary, SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intermediary);
        ArgumentNullException.ThrowIfNull(target);
        var timeoutMs = ToMilliseconds(timeout);
        var probe = new ClusterMessage
        {
            Kind = MessageKind.IndirectPing,
            LocationHint = target,
            RemainingMs = timeoutMs == Timeout.Infinite ? int.MaxValue : timeoutMs,
        };
        var answer = await ProbeAsync(intermediary, probe, timeout, cancellationToken).ConfigureAwait(false);
        return answer is { Reply.Status: ResponseStatus.Ok };
    }

    /// <summary>Runs an indirect probe for a peer without blocking the read loop that received it.</summary>
    internal void OnIndirectPing(SiloConnection from, ClusterMessage probe)
    {
        if (probe.LocationHint is null || Interlocked.Increment(ref _indirectPings) > MaxIndirectPings)
        {
            if (probe.LocationHint is not null)
            {
                Interlocked.Decrement(ref _indirectPings);
            }

            from.EnqueuePriority(new ClusterMessage { Kind = MessageKind.Pong, CorrelationId = probe.CorrelationId, Status = ResponseStatus.Error });
            return;
        }

        _ = AnswerIndirectPingAsync(from, probe, probe.LocationHint);
    }

    private async Task AnswerIndirectPingAsync(SiloConnection from, ClusterMessage probe, SiloAddress target)
    {
        try
        {
            // Leave room for our answer to travel back before the asker's own deadline.
            var budget = TimeSpan.FromMilliseconds(Math.Max(1, probe.RemainingMs - (probe.RemainingMs / 5)));
            var roundTrip = await PingAsync(target, budget, StoppingToken).ConfigureAwait(false);
            from.EnqueuePriority(new ClusterMessage
            {
                Kind = MessageKind.Pong,
                CorrelationId = probe.CorrelationId,
                Status = roundTrip is null ? ResponseStatus.Error : ResponseStatus.Ok,
            });
        }
        catch (OperationCanceledException)
        {
            // Stopping: the asker sees the connection close.
        }
        finally
        {
            Interlocked.Decrement(ref _indirectPings);
        }
    }

    private async Task<ClusterMessage> SendAfterConnectAsync(
        OutboundPeer peer, ClusterMessage request, int headerLength, int size, int timeoutMs, long deadline, CancellationToken cancellationToken)
    {
        SiloConnection connection;
        try
        {
            connection = await peer.GetConnectionAsync().WaitAsync(Remaining(deadline), Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Silo {peer.Target} did not answer within {timeoutMs} ms: the connection was still being established.");
        }

        if (RefuseSend(peer.Target) is { } refusal)
        {
            throw refusal;
        }

        return await SendOn(connection, request, headerLength, size, timeoutMs, deadline, cancellationToken).ConfigureAwait(false);
    }

    private Task<ClusterMessage> SendOn(
        SiloConnection connection, ClusterMessage request, int headerLength, int size, int timeoutMs, long deadline, CancellationToken cancellationToken)
    {
        var call = new PendingCall(NextCorrelationId(), connection, deadline, timeoutMs, request);
        request.CorrelationId = call.CorrelationId;
        if (!connection.Track(call))
        {
            return call.Task;
        }

        if (connection.TryEnqueue(request, headerLength, size) == EnqueueResult.Full && connection.Untrack(call))
        {
            call.Fail(new GrainCallRejectedException(
                RejectionKind.Overloaded,
                $"The send queue to silo {connection.RemoteSilo} is full ({Options.SendQueueCapacity} frames / {Options.SendQueueMaxBytes} bytes): the peer is not keeping up."));
            return call.Task;
        }

        // Closed: Close fails every tracked call, this one included.
        if (cancellationToken.CanBeCanceled)
        {
            call.WatchCancellation(cancellationToken);
        }

        return call.Task;
    }

    private void EnqueueOneWay(SiloConnection connection, ClusterMessage message, int headerLength, int size)
    {
        var result = connection.TryEnqueue(message, headerLength, size);
        if (result != EnqueueResult.Queued)
        {
            Log.Dropped(Logger, message.Kind, connection.RemoteSilo, result == EnqueueResult.Full ? "the send queue is full" : "the connection closed");
        }
    }

    private async Task SendOneWayAfterConnectAsync(OutboundPeer peer, ClusterMessage message, int headerLength, int size)
    {
        try
        {
            var connection = await peer.GetConnectionAsync().ConfigureAwait(false);
            EnqueueOneWay(connection, message, headerLength, size);
        }
        catch (SiloUnavailableException ex)
        {
            Log.Dropped(Logger, message.Kind, peer.Target, ex.Message);
        }
    }

    /// <summary>Sends a probe on the priority lane and waits for its Pong; null on any failure (probes report, never throw).</summary>
    private async Task<(ClusterMessage Reply, TimeSpan RoundTrip)?> ProbeAsync(
        SiloAddress target, ClusterMessage probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timeoutMs = ToMilliseconds(timeout);
        if (RefuseSend(target) is { } refusal)
        {
            Log.ProbeFailed(Logger, target, refusal.Message);
            return null;
        }

        var started = Time.GetTimestamp();
        var deadline = Deadline(timeoutMs);
        try
        {
            var peer = GetPeer(target);
            if (!peer.TryGetConnection(out var connection))
            {
                connection = await peer.GetConnectionAsync().WaitAsync(Remaining(deadline), Time, cancellationToken).ConfigureAwait(false);
            }

            var call = new PendingCall(NextCorrelationId(), connection, deadline, timeoutMs, probe);
            probe.CorrelationId = call.CorrelationId;
            if (connection.Track(call))
            {
                connection.EnqueuePriority(probe);
                if (cancellationToken.CanBeCanceled)
                {
                    call.WatchCancellation(cancellationToken);
                }
            }

            var reply = await call.Task.ConfigureAwait(false);
            return (reply, Time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or GrainCallRejectedException or OperationCanceledException)
        {
            Log.ProbeFailed(Logger, target, ex.Message);
            return null;
        }
    }

    /// <summary>Why a send to <paramref name="target"/> must not be attempted, or null.</summary>
    private GrainCallRejectedException? RefuseSend(SiloAddress target)
    {
        if (!IsRunning)
        {
            return new GrainCallRejectedException(RejectionKind.NotActive, $"The silo-to-silo transport of {LocalSilo} is not running.");
        }

        return IsDead(target)
            ? new GrainCallRejectedException(RejectionKind.Transient, $"Silo {target} was declared dead; re-resolve the grain's placement.")
            : null;
    }

    private OutboundPeer GetPeer(SiloAddress target) =>
        _peers.GetOrAdd(target, static (address, transport) => new OutboundPeer(transport, address), this);

    private static int ToMilliseconds(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return Timeout.Infinite;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return (int)Math.Min(Math.Ceiling(timeout.TotalMilliseconds), int.MaxValue);
    }

    private long Deadline(int timeoutMs) =>
        timeoutMs == Timeout.Infinite ? long.MaxValue : NowMs + timeoutMs;

    private TimeSpan Remaining(long deadline) =>
        deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(1, deadline - NowMs));
}
