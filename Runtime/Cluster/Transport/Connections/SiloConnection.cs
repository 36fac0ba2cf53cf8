using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Transport.Connections;

/// <summary>One established silo-to-silo connection (after the preamble), either direction.
/// <para>Wire model: a silo sends requests, one-ways and gossip only on its <em>outbound</em> connection to a
/// peer, and the peer answers each request on that same connection. A connection therefore carries requests
/// one way and their responses (and pongs) the other way, so a dead connection fails exactly the calls sent on it
/// and answering never needs a connection back to the caller.</para>
/// <para>Concurrency: one read loop and one write loop. Senders enqueue into a bounded channel (frame and
/// byte caps; full means Overloaded, memory never grows with a slow peer); pongs and probes go into a small
/// priority lane the writer drains before each data frame, so a busy connection does not fail probes.
/// Received requests are dispatched to the thread pool, at most
/// <see cref="SiloTransportOptions.MaxConcurrentRequestsPerConnection"/> at a time; past that the read loop
/// stops reading and TCP pushes back on the sender.</para></summary>
internal sealed partial class SiloConnection
{
    /// <summary>Pongs and probes queued ahead of data; past this they are dropped (the probe then times out,
    /// which is the truth: the peer is not keeping up).</summary>
    private const int MaxPriorityFrames = 1024;

    private readonly SiloTransportBase _transport;
    private readonly SiloPipe _pipe;
    private readonly Channel<OutgoingFrame> _queue;
    private readonly ConcurrentQueue<ClusterMessage> _priority = new();
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly SemaphoreSlim _requestSlots;
    private readonly CancellationTokenSource _closing = new();
    private readonly ILogger _logger;
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private int _priorityCount;
    private int _inFlightRequests;
    private int _closed;
    private Task? _writing;

    public SiloConnection(SiloTransportBase transport, SiloPipe pipe, SiloAddress remoteSilo, bool isOutbound)
    {
        _transport = transport;
        _pipe = pipe;
        RemoteSilo = remoteSilo;
        IsOutbound = isOutbound;
        _logger = transport.Logger;
        _maxQueuedBytes = transport.Options.SendQueueMaxBytes;
        _requestSlots = new SemaphoreSlim(transport.Options.MaxConcurrentRequestsPerConnection);
        _queue = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(transport.Options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public SiloAddress RemoteSilo { get; }

    public bool IsOutbound { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Nothing in flight either way: no call waiting for an answer, no received request running, nothing queued.</summary>
    public bool IsIdle => _pending.IsEmpty && Volatile.Read(ref _inFlightRequests) == 0 && Interlocked.Read(ref _queuedBytes) == 0;

    /// <summary>Runs the read and write loops until the connection closes (either loop ending closes it).</summary>
    public Task RunAsync()
    {
        _writing = WriteLoopAsync();
        return Task.WhenAll(ReadLoopAsync(), _writing);
    }

    /// <summary>Tracks a call before its frame is queued. False when the connection is already closed, in which
    /// case the call has been failed.</summary>
    public bool Track(PendingCall call)
    {
        _pending[call.CorrelationId] = call;

        // Pairs with the fence in Close: either Close sees this entry, or this sees the close flag.
        Interlocked.MemoryBarrier();
        if (IsClosed && Untrack(call))
        {
            call.Fail(CreateUnavailableException("was already closed"));
            return false;
        }

        return true;
    }

    /// <summary>True when this caller removed the call, and so owns completing it.</summary>
    public bool Untrack(PendingCall call) => _pending.TryRemove(new KeyValuePair<long, PendingCall>(call.CorrelationId, call));

    /// <summary>Queues a request, one-way or gossip frame without waiting.</summary>
    public EnqueueResult TryEnqueue(ClusterMessage message, int headerLength, int size)
    {
        if (IsClosed)
        {
            return EnqueueResult.Closed;
        }

        // A frame alone may always go (the frame limit is below the byte cap), so one large message cannot wedge an idle queue.
        var queued = Interlocked.Add(ref _queuedBytes, size);
        if (queued > _maxQueuedBytes && queued != size)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            return EnqueueResult.Full;
        }

        if (_queue.Writer.TryWrite(new OutgoingFrame(message, headerLength, size)))
        {
            return EnqueueResult.Queued;
        }

        Interlocked.Add(ref _queuedBytes, -size);
        return IsClosed ? EnqueueResult.Closed : EnqueueResult.Full;
    }

    /// <summary>Queues a pong or probe ahead of data frames.</summary>
    public void EnqueuePriority(ClusterMessage message)
    {
        if (IsClosed || Interlocked.Increment(ref _priorityCount) > MaxPriorityFrames)
        {
            Interlocked.Decrement(ref _priorityCount);
            return;
        }

        _priority.Enqueue(message);

        // If the writer is idle this wakes it; if the queue is full the writer is busy and reaches the lane soon.
        _queue.Writer.TryWrite(OutgoingFrame.WakeUp);
    }

    /// <summary>Fails calls whose deadline passed (driven by the transport's deadline timer).</summary>
    public void ExpireCalls(long now)
    {
        foreach (var (_, call) in _pending)
        {
            if (call.Deadline <= now && Untrack(call))
            {
                call.Fail(call.CreateTimeoutException());
            }
        }
    }

    /// <summary>Stops taking frames, lets the writer flush what is queued (bounded), then closes.</summary>
    public async Task CloseGracefullyAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        if (_writing is { } writing)
        {
            try
            {
                await writing.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.FlushOnCloseTimedOut(_logger, RemoteSilo, (long)timeout.TotalMilliseconds);
            }
        }

        Close(new SiloUnavailableException($"The silo-to-silo transport of {_transport.LocalSilo} is stopping."));
    }

    /// <summary>Closes now: queued frames are dropped, calls in flight fail with <see cref="SiloUnavailableException"/>
    /// (their outcome is unknown), handlers see their token cancelled. Idempotent; the first reason wins.</summary>
    public void Close(Exception reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Interlocked.MemoryBarrier();
        _queue.Writer.TryComplete();
        foreach (var (_, call) in _pending)
        {
            if (Untrack(call))
            {
                call.Fail(CreateUnavailableException("closed with the call in flight", reason));
            }
        }

        try
        {
            _pipe.Input.CancelPendingRead();
            _pipe.Output.CancelPendingFlush();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Already completed by its loop: nothing left to wake.
        }

        _pipe.Abort(reason);

        // Handler continuations waiting on the token must not run inline here (Close runs on read loops and in OnSiloDead).
        _ = _closing.CancelAsync();
        _transport.OnConnectionClosed(this, reason);
    }

    public override string ToString() => $"{(IsOutbound ? "to" : "from")} {RemoteSilo} ({_pipe.RemoteEndPoint})";

    private SiloUnavailableException CreateUnavailableException(string what, Exception? reason = null) =>
        reason is null
            ? new SiloUnavailableException($"The connection to silo {RemoteSilo} {what}.")
            : new SiloUnavailableException($"The connection to silo {RemoteSilo} {what}: {reason.Message}", reason);

    private static partial class Log
    {
        [LoggerMessage(1420, LogLevel.Error, "Protocol error on the connection {Connection}; closing it")]
        public static partial void ProtocolError(ILogger logger, SiloConnection connection, Exception exception);

        [LoggerMessage(1422, LogLevel.Debug, "A response for unknown call {CorrelationId} arrived from {Silo} (timed out or cancelled)")]
        public static partial void UnmatchedResponse(ILogger logger, long correlationId, SiloAddress silo);

        [LoggerMessage(1423, LogLevel.Warning, "The handler failed on a one-way message from {Silo}")]
        public static partial void OneWayFailed(ILogger logger, SiloAddress silo, Exception exception);

        [LoggerMessage(1424, LogLevel.Warning, "The membership-change handler failed for gossip from {Silo}")]
        public static partial void GossipFailed(ILogger logger, SiloAddress silo, Exception exception);

        [LoggerMessage(1425, LogLevel.Debug, "The response to request {CorrelationId} from {Silo} was not sent: {Reason}")]
        public static partial void ResponseNotSent(ILogger logger, long correlationId, SiloAddress silo, string reason);

        [LoggerMessage(1426, LogLevel.Warning, "Queued frames to {Silo} were not flushed within {Milliseconds} ms of closing")]
        public static partial void FlushOnCloseTimedOut(ILogger logger, SiloAddress silo, long milliseconds);

        [LoggerMessage(1427, LogLevel.Error, "The write loop of {Connection} failed")]
        public static partial void WriteFailed(ILogger logger, SiloConnection connection, Exception exception);
    }
}
