using ClawChat.Runtime.Redis.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Redis.PubSub;

/// <summary>
/// Pub/sub on a dedicated connection (a subscribed RESP2 connection can run nothing else).
/// One loop reads pushes and calls handlers <b>inline, one at a time, in arrival order</b>: handlers
/// must be quick and hand real work off (e.g. to a bounded channel). A throwing handler is logged and
/// the loop goes on. After a dropped connection the loop reconnects with the same backoff as
/// <see cref="RedisClient"/>, re-subscribes every registered channel and pattern, then raises
/// <see cref="ConnectionRestored"/>; messages published while disconnected are lost (pub/sub has no
/// replay), so users should re-read whatever state the messages announce.
/// </summary>
public sealed partial class RedisSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly string _endPoint;
    private readonly CancellationTokenSource _disposing = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Guards the fields below it. Handler arrays are replaced, never mutated, so the read loop can
    // invoke a snapshot outside the lock.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Action<RedisMessage>[]> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<RedisMessage>[]> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<(bool IsPattern, string Name), TaskCompletionSource> _confirmations = [];
    private RedisTransport? _transport;
    private bool _disposed;

    private Task _loop = Task.CompletedTask;

    private RedisSubscriber(RedisOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _endPoint = $"{options.Host}:{options.Port}";
    }

    /// <summary>Raised (on the subscriber loop, before it resumes reading) after reconnecting and re-subscribing.</summary>
    public event EventHandler? ConnectionRestored;

    /// <summary>True while the connection is established.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
                return _transport is not null;
        }
    }

    /// <summary>Connects the subscriber connection (the first connect must succeed).</summary>
    /// <exception cref="RedisConnectionException">Unreachable, timed out, or AUTH refused.</exception>
    public static async Task<RedisSubscriber> ConnectAsync(RedisOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        RedisOptionsValidator.ThrowIfInvalid(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisSubscriber>();
        var subscriber = new RedisSubscriber(options.Clone(), logger);
        var transport = await RedisTransport.ConnectAsync(subscriber._options, cancellationToken).ConfigureAwait(false);
        subscriber._transport = transport;
        subscriber._loop = Task.Run(() => subscriber.RunAsync(transport));
        return subscriber;
    }

    /// <summary>
    /// Adds <paramref name="handler"/> for <paramref name="channel"/> and waits (up to the command
    /// timeout) until the server confirms the subscription. On timeout the registration stays and is
    /// established when the connection is restored.
    /// </summary>
    /// <exception cref="RedisTimeoutException">No confirmation in time.</exception>
    public Task SubscribeAsync(string channel, Action<RedisMessage> handler, CancellationToken cancellationToken = default)
        => AddAsync(isPattern: false, channel, handler, cancellationToken);

    /// <summary>Like <see cref="SubscribeAsync"/> for a glob pattern (<c>PSUBSCRIBE</c>).</summary>
    public Task PatternSubscribeAsync(string pattern, Action<RedisMessage> handler, CancellationToken cancellationToken = default)
        => AddAsync(isPattern: true, pattern, handler, cancellationToken);

    /// <summary>Removes every handler of <paramref name="channel"/> and unsubscribes; no-op if not subscribed.</summary>
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default)
        => RemoveAsync(isPattern: false, channel, cancellationToken);

    /// <summary>Removes every handler of <paramref name="pattern"/> and unsubscribes (<c>PUNSUBSCRIBE</c>).</summary>
    public Task PatternUnsubscribeAsync(string pattern, CancellationToken cancellationToken = default)
        => RemoveAsync(isPattern: true, pattern, cancellationToken);

    /// <summary>Closes the connection and stops the loop; no handler runs after this completes.</summary>
    public async ValueTask DisposeAsync()
    {
        RedisTransport? transport;
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            transport = _transport;
            _transport = null;
            foreach (var confirmation in _confirmations.Values)
                confirmation.TrySetCanceled();
            _confirmations.Clear();
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        transport?.Dispose();
        await _loop.WaitAsync(DisposeWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _disposing.Dispose();
    }

    private async Task AddAsync(bool isPattern, string name, Action<RedisMessage> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Task confirmed;
        RedisTransport? transport = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var map = isPattern ? _patterns : _channels;
            if (map.TryGetValue(name, out var handlers))
            {
                map[name] = [.. handlers, handler];
                confirmed = _confirmations.TryGetValue((isPattern, name), out var pending) ? pending.Task : Task.CompletedTask;
            }
            else
            {
                map[name] = [handler];
                var confirmation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _confirmations[(isPattern, name)] = confirmation;
                confirmed = confirmation.Task;

                // If null, the reconnect (which snapshots the maps under this lock after publishing
                // its transport) will subscribe it.
                transport = _transport;
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.CommandTimeout);
        try
        {
            if (transport is not null)
                await TrySendAsync(transport, [isPattern ? "PSUBSCRIBE" : "SUBSCRIBE", name], deadline.Token).ConfigureAwait(false);
            await confirmed.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_disposed)
        {
            throw new RedisTimeoutException(
                $"Subscription to '{name}' on {_endPoint} not confirmed within {_options.CommandTimeout.TotalMilliseconds:0} ms; " +
                "it stays registered and is established when the connection is restored.");
        }
    }

    private async Task RemoveAsync(bool isPattern, string name, CancellationToken cancellationToken)
    {
        RedisTransport? transport;
        lock (_lock)
        {
            var map = isPattern ? _patterns : _channels;
            if (!map.Remove(name))
                return;
            if (_confirmations.Remove((isPattern, name), out var pending))
                pending.TrySetCanceled(CancellationToken.None);
            transport = _transport;
        }

        if (transport is null)
            return;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.CommandTimeout);
        await TrySendAsync(transport, [isPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", name], deadline.Token).ConfigureAwait(false);
    }

    /// <summary>Sends a control command; a broken connection is left to the loop to detect and heal.</summary>
    private async Task<bool> TrySendAsync(RedisTransport transport, RedisValue[] command, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transport.SendAsync(command, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.SendFailed(_logger, command[0].ToString(), _endPoint, ex.Message);
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
