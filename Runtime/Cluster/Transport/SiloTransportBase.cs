using System.Collections.Concurrent;
using ClawChat.Runtime.Cluster.Transport.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Everything about <see cref="ISiloTransport"/> that does not depend on how bytes move: preamble,
/// connections per peer, correlation and deadlines, dead-silo bookkeeping, probes, draining. Subclasses supply
/// the byte streams: <see cref="Tcp.TcpSiloTransport"/> (sockets out, Kestrel in) and
/// <see cref="InMemory.InMemorySiloTransport"/> (pipes with fault injection), so both behave the same by
/// construction.
/// <para>Wire model (see <see cref="SiloConnection"/>): requests go out on this silo's outbound connection to the
/// target and come back on that same connection; this silo answers requests on the connection they arrived on.</para></summary>
public abstract partial class SiloTransportBase : ISiloTransport
{
    private const int Created = 0;
    private const int Started = 1;
    private const int Stopping = 2;
    private const int Stopped = 3;

    /// <summary>Concurrent indirect probes this silo runs for others; more are answered "failed" at once.</summary>
    private const int MaxIndirectPings = 64;

    /// <summary>Process-wide, so ids are unique however many transports (in-process test clusters) share it.</summary>
    private static long s_nextCorrelationId;

    private readonly ConcurrentDictionary<SiloAddress, OutboundPeer> _peers = new();
    private readonly ConcurrentDictionary<SiloConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<(string Host, int Port), long> _deadGenerations = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IClusterMessageHandler? _handler;
    private ITimer? _deadlineTimer;
    private int _state;
    private int _indirectPings;

    private protected SiloTransportBase(SiloAddress localSilo, string clusterId, SiloTransportOptions? options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        options ??= new SiloTransportOptions();
        SiloTransportOptionsValidator.ThrowIfInvalid(options);
        LocalSilo = localSilo;
        ClusterId = clusterId;
        Options = options;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Time = timeProvider ?? TimeProvider.System;
        Logger = LoggerFactory.CreateLogger(GetType());
    }

    public SiloAddress LocalSilo { get; }

    /// <summary>Peers must present the same cluster id in their preamble.</summary>
    public string ClusterId { get; }

    internal SiloTransportOptions Options { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal ILogger Logger { get; }

    /// <summary>Drives call deadlines, connect timeouts, redial backoff and probe round trips, so a test cluster on
    /// fake time controls them. Draining at stop always uses real time (a process stops in real time).</summary>
    internal TimeProvider Time { get; }

    /// <summary>Milliseconds on <see cref="Time"/>'s monotonic clock.</summary>
    internal long NowMs => (long)(Time.GetTimestamp() * (1000.0 / Time.TimestampFrequency));

    internal IClusterMessageHandler Handler => _handler ?? throw new InvalidOperationException("The transport has not been started.");

    /// <summary>Cancelled when the transport stops: dials and indirect probes give up.</summary>
    internal CancellationToken StoppingToken => _stopping.Token;

    private bool IsRunning => Volatile.Read(ref _state) == Started;

    public async Task StartAsync(IClusterMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException($"The transport of {LocalSilo} was already started.");
        }

        await OnStartingAsync(cancellationToken).ConfigureAwait(false);
        _deadlineTimer = Time.CreateTimer(
            static state => ((SiloTransportBase)state!).ExpireCalls(), this, Options.DeadlineCheckPeriod, Options.DeadlineCheckPeriod);
        Volatile.Write(ref _state, Started);
        Log.Started(Logger, LocalSilo, ClusterId);
    }

    /// <summary>Opens a byte stream to <paramref name="target"/> (no preamble yet).</summary>
    internal abstract ValueTask<SiloPipe> OpenPipeAsync(SiloAddress target, CancellationToken cancellationToken);

    /// <summary>Before the transport accepts connections (in-memory: join the network).</summary>
    private protected virtual Task OnStartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every connection closed (TCP: stop an owned listener; in-memory: leave the network).</summary>
    private protected virtual Task OnStoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static long NextCorrelationId() => Interlocked.Increment(ref s_nextCorrelationId);

    private void ExpireCalls()
    {
        var now = NowMs;
        foreach (var (connection, _) in _connections)
        {
            connection.ExpireCalls(now);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1400, LogLevel.Information, "Silo transport of {Silo} started (cluster {ClusterId})")]
        public static partial void Started(ILogger logger, SiloAddress silo, string clusterId);

        [LoggerMessage(1401, LogLevel.Information, "Silo transport of {Silo} stopping; draining up to {Milliseconds} ms")]
        public static partial void Stopping(ILogger logger, SiloAddress silo, long milliseconds);

        [LoggerMessage(1402, LogLevel.Information, "Silo transport of {Silo} stopped ({Remaining} connections were not idle)")]
        public static partial void Stopped(ILogger logger, SiloAddress silo, int remaining);

        [LoggerMessage(1403, LogLevel.Information, "Connected to silo {Silo}")]
        public static partial void Connected(ILogger logger, SiloAddress silo);

        [LoggerMessage(1404, LogLevel.Information, "Accepted a connection from silo {Silo} ({EndPoint})")]
        public static partial void Accepted(ILogger logger, SiloAddress silo, string endPoint);

        [LoggerMessage(1405, LogLevel.Warning, "Refused a connection from {EndPoint}: {Reason}")]
        public static partial void Refused(ILogger logger, string endPoint, string reason);

        [LoggerMessage(1406, LogLevel.Warning, "Could not connect to silo {Silo}: {Reason}")]
        public static partial void DialFailed(ILogger logger, SiloAddress silo, string reason);

        [LoggerMessage(1407, LogLevel.Information, "Connection {Connection} closed: {Reason}")]
        public static partial void ConnectionClosed(ILogger logger, string connection, string reason);

        [LoggerMessage(1408, LogLevel.Information, "Silo {Silo} declared dead: failing its calls and refusing sends to it")]
        public static partial void SiloDead(ILogger logger, SiloAddress silo);

        [LoggerMessage(1409, LogLevel.Debug, "Dropped a {Kind} message to {Silo}: {Reason}")]
        public static partial void Dropped(ILogger logger, MessageKind kind, SiloAddress silo, string reason);

        [LoggerMessage(1410, LogLevel.Debug, "Probe of {Silo} failed: {Reason}")]
        public static partial void ProbeFailed(ILogger logger, SiloAddress silo, string reason);

        [LoggerMessage(1411, LogLevel.Debug, "The handshake with {EndPoint} failed")]
        public static partial void HandshakeFailed(ILogger logger, string endPoint, Exception exception);
    }
}
