using System.Diagnostics.CodeAnalysis;

namespace ClawChat.Runtime.Cluster.Transport.Connections;

/// <summary>The one outbound connection to a peer: dialled on demand by the first send, redialled on demand
/// after it closes. After a failed dial, further attempts wait an exponential backoff
/// (<see cref="SiloTransportOptions.ReconnectDelay"/> doubling up to <see cref="SiloTransportOptions.MaxReconnectDelay"/>)
/// and sends meanwhile fail fast with <see cref="SiloUnavailableException"/>, so an unreachable peer costs callers
/// no connect timeouts and the network no connection storms.</summary>
internal sealed class OutboundPeer(SiloTransportBase transport, SiloAddress target)
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _abandoned = new();
    private SiloConnection? _connection;
    private Task<SiloConnection>? _connecting;
    private int _failures;
    private long _retryAfter;
    private string? _lastError;

    public SiloAddress Target { get; } = target;

    public bool TryGetConnection([NotNullWhen(true)] out SiloConnection? connection)
    {
        connection = Volatile.Read(ref _connection);
        return connection is { IsClosed: false };
    }

    /// <summary>The open connection, the dial in progress, or a new dial; concurrent callers share one dial.</summary>
    public Task<SiloConnection> GetConnectionAsync()
    {
        lock (_lock)
        {
            if (_connection is { IsClosed: false } connection)
            {
                return Task.FromResult(connection);
            }

            if (_connecting is { } connecting)
            {
                return connecting;
            }

            var wait = _retryAfter - transport.NowMs;
            if (wait > 0)
            {
                return Task.FromException<SiloConnection>(new SiloUnavailableException(
                    $"Silo {Target} is unreachable ({_lastError}); the next connection attempt is in {wait} ms."));
            }

            return _connecting = ConnectAsync();
        }
    }

    /// <summary>The peer was declared dead: a dial in progress gives up now, so callers waiting on it fail at once
    /// instead of at the connect timeout.</summary>
    public void Abandon() => _abandoned.Cancel();

    private async Task<SiloConnection> ConnectAsync()
    {
        // Leave the lock held by GetConnectionAsync before dialling.
        await Task.Yield();
        try
        {
            var connection = await transport.DialAsync(Target, _abandoned.Token).ConfigureAwait(false);
            lock (_lock)
            {
                _connection = connection;
                _connecting = null;
                _failures = 0;
            }

            return connection;
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _connecting = null;
                _failures++;
                _lastError = ex.Message;
                var options = transport.Options;
                var delay = Math.Min(
                    options.MaxReconnectDelay.TotalMilliseconds,
                    options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 16)));
                _retryAfter = transport.NowMs + (long)delay;
            }

            throw;
        }
    }
}
