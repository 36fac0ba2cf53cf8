using System.Diagnostics;
using ClawChat.Runtime.Redis.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Redis;

/// <summary>
/// A small multiplexed RESP2 client: one TCP connection shared by every caller.
/// <para>
/// <b>Multiplexing.</b> <see cref="ExecuteAsync(RedisValue[], CancellationToken, TimeSpan?)"/> puts the
/// command on an outgoing queue and awaits its completion. A single writer loop serialises queued
/// commands into the socket's <c>PipeWriter</c> and flushes when the queue is momentarily empty (or
/// every 64 KiB), so concurrent callers are pipelined into few packets. Before a command's bytes are
/// written it joins a FIFO of commands awaiting replies; the reader loop parses replies and completes
/// the FIFO head for each. Redis answers a connection's commands in order, so this matching is exact.
/// </para>
/// <para>
/// <b>Ordering.</b> Commands issued by one caller one after another (each awaited) execute in that
/// order. Commands issued concurrently are executed in the order they entered the queue. No command
/// is ever retried or reordered by the client.
/// </para>
/// <para>
/// <b>Failure semantics.</b>
/// Error replies throw <see cref="RedisServerException"/>; the connection is unaffected.
/// Every command has a deadline (<see cref="RedisOptions.CommandTimeout"/> or per call) covering any
/// wait for a reconnect plus the round trip; on expiry it throws <see cref="RedisTimeoutException"/>
/// and its late reply is read and dropped, so the stream stays in step. A cancelled token behaves the
/// same way. At most <see cref="RedisOptions.MaxPendingCommands"/> commands may be queued or awaiting
/// replies; beyond that, commands throw <see cref="RedisQueueFullException"/> without being sent.
/// When the connection drops, every queued and in-flight command throws
/// <see cref="RedisConnectionException"/> (it may or may not have executed), a background loop
/// reconnects with capped exponential backoff and jitter, re-running AUTH and SELECT, and
/// <see cref="ConnectionRestored"/> fires; commands issued meanwhile wait for the reconnect until
/// their deadline. Disposal fails everything still pending at once.
/// </para>
/// <para>
/// Not for SUBSCRIBE (use <see cref="PubSub.RedisSubscriber"/>) nor for blocking commands (BLPOP etc.),
/// which would stall every other caller behind them.
/// </para>
/// </summary>
public sealed partial class RedisClient : IAsyncDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly string _endPoint;
    private readonly CancellationTokenSource _disposing = new();

    // Guards the fields below it. Invariant: _connected is completed exactly when _current is set.
    private readonly Lock _lock = new();
    private MultiplexedConnection? _current;
    private TaskCompletionSource _connected = NewConnectedSignal();
    private Task _reconnectLoop = Task.CompletedTask;
    private Exception? _lastError;
    private long _generation;
    private bool _disposed;

    private int _pending;

    private RedisClient(RedisOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _endPoint = $"{options.Host}:{options.Port}";
    }

    /// <summary>
    /// Raised (on a thread-pool thread) after the connection was re-established following a drop:
    /// the server may have restarted, so reload state that lives in it (scripts, client names).
    /// Handler exceptions are logged and swallowed.
    /// </summary>
    public event EventHandler? ConnectionRestored;

    /// <summary>True while a connection is established.</summary>
    public bool IsConnected => Volatile.Read(ref _current) is not null;

    /// <summary>Increments on every successful (re)connect, starting at 1. Server-side caches (scripts) are valid per generation.</summary>
    public long ConnectionGeneration => Interlocked.Read(ref _generation);

    /// <summary>Commands currently queued or awaiting a reply (including abandoned ones whose reply is still due).</summary>
    public int PendingCommands => Volatile.Read(ref _pending);

    /// <summary>The effective options (a copy; changing it has no effect).</summary>
    public RedisOptions Options => _options.Clone();

    /// <summary>Connects to the server described by a connection string (see <see cref="RedisOptions"/>).</summary>
    public static Task<RedisClient> ConnectAsync(string connectionString, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
        => ConnectAsync(RedisOptions.Parse(connectionString), loggerFactory, cancellationToken);

    /// <summary>
    /// Connects, authenticates and selects the database. The first connection must succeed (so that a
    /// misconfiguration fails start-up loudly); later drops are healed in the background.
    /// </summary>
    /// <exception cref="RedisConnectionException">Unreachable, timed out, or AUTH/SELECT refused.</exception>
    public static async Task<RedisClient> ConnectAsync(RedisOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        RedisOptionsValidator.ThrowIfInvalid(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisClient>();
        var client = new RedisClient(options.Clone(), logger);
        var transport = await RedisTransport.ConnectAsync(client._options, cancellationToken).ConfigureAwait(false);
        client.Attach(transport);
        Log.Connected(logger, client._options.ToString());
        return client;
    }

    /// <summary>Runs a command with the default timeout, e.g. <c>ExecuteAsync("HINCRBY", key, "ver", 1)</c>.</summary>
    /// <exception cref="RedisServerException">The server replied with an error.</exception>
    /// <exception cref="RedisTimeoutException">No reply within the command timeout.</exception>
    /// <exception cref="RedisConnectionException">The connection dropped, or was not restored in time.</exception>
    /// <exception cref="RedisQueueFullException">Too many commands pending.</exception>
    public Task<RedisResult> ExecuteAsync(string command, params RedisValue[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var commandAndArguments = new RedisValue[arguments.Length + 1];
        commandAndArguments[0] = command;
        arguments.CopyTo(commandAndArguments, 1);
        return ExecuteAsync(commandAndArguments);
    }

    /// <summary>
    /// Runs a command given as name plus arguments (the array is not copied: do not mutate it until
    /// the task completes). <paramref name="timeout"/> overrides <see cref="RedisOptions.CommandTimeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/> allowed) and covers any wait for a reconnect.
    /// </summary>
    /// <exception cref="RedisServerException">The server replied with an error.</exception>
    /// <exception cref="RedisTimeoutException">No reply within the timeout.</exception>
    /// <exception cref="RedisConnectionException">The connection dropped, or was not restored in time.</exception>
    /// <exception cref="RedisQueueFullException">Too many commands pending.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RedisResult> ExecuteAsync(RedisValue[] commandAndArguments, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(commandAndArguments);
        ArgumentOutOfRangeException.ThrowIfZero(commandAndArguments.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var budget = timeout ?? _options.CommandTimeout;
        long started = Stopwatch.GetTimestamp();

        while (true)
        {
            var connection = Volatile.Read(ref _current);
            if (connection is null)
            {
                await WaitForConnectionAsync(started, budget, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var remaining = Remaining(started, budget);
            if (remaining <= TimeSpan.Zero && remaining != Timeout.InfiniteTimeSpan)
                throw TimedOut(commandAndArguments[0], budget, connection.Generation);

            if (Interlocked.Increment(ref _pending) > _options.MaxPendingCommands)
            {
                Interlocked.Decrement(ref _pending);
                throw new RedisQueueFullException(
                    $"{_options.MaxPendingCommands} Redis commands are already pending on {_endPoint}; '{commandAndArguments[0]}' was not sent.");
            }

            var command = new PendingCommand(commandAndArguments);
            if (!connection.TryEnqueue(command))
            {
                // The connection failed between the read above and the enqueue; it has already
                // been detached, so the next iteration waits for its successor.
                Interlocked.Decrement(ref _pending);
                continue;
            }

            RedisResult reply;
            try
            {
                reply = await command.Task.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                command.TrySetCanceled(CancellationToken.None);
                throw TimedOut(commandAndArguments[0], budget, connection.Generation);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                command.TrySetCanceled(cancellationToken);
                throw;
            }

            if (reply.IsError)
                throw new RedisServerException(reply.ErrorMessage);
            return reply;
        }
    }

    /// <summary>Closes the connection and stops reconnecting; pending commands fail at once with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        MultiplexedConnection? connection;
        Task reconnectLoop;
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            connection = _current;
            reconnectLoop = _reconnectLoop;
            if (!_connected.Task.IsCompleted)
                FailSignal(_connected);
            _connected = NewConnectedSignal();
            FailSignal(_connected);
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (connection is not null)
        {
            connection.Fail(new ObjectDisposedException(nameof(RedisClient), "The Redis client was disposed."));
            await connection.Completion.WaitAsync(DisposeWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await reconnectLoop.WaitAsync(DisposeWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _disposing.Dispose();
    }

    private static TaskCompletionSource NewConnectedSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void FailSignal(TaskCompletionSource signal)
    {
        signal.TrySetException(new ObjectDisposedException(nameof(RedisClient), "The Redis client was disposed."));
        _ = signal.Task.Exception; // observed: nobody may be waiting
    }

    private static TimeSpan Remaining(long started, TimeSpan budget)
        => budget == Timeout.InfiniteTimeSpan ? budget : budget - Stopwatch.GetElapsedTime(started);

    private RedisTimeoutException TimedOut(RedisValue command, TimeSpan budget, long generation)
        => new($"Redis command '{command}' to {_endPoint} got no reply within {budget.TotalMilliseconds:0} ms " +
               $"(connection generation {generation}, {PendingCommands} pending).");

    private async Task WaitForConnectionAsync(long started, TimeSpan budget, CancellationToken cancellationToken)
    {
        Task connected;
        lock (_lock)
            connected = _connected.Task;

        var remaining = Remaining(started, budget);
        try
        {
            if (remaining <= TimeSpan.Zero && remaining != Timeout.InfiniteTimeSpan)
                throw new TimeoutException();
            await connected.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var lastError = Volatile.Read(ref _lastError);
            throw new RedisConnectionException(
                $"Not connected to {_endPoint}: no reconnect within the command timeout of {budget.TotalMilliseconds:0} ms. " +
                $"Last error: {lastError?.Message ?? "none"}",
                lastError);
        }
        catch (ObjectDisposedException ex)
        {
            throw new RedisConnectionException("The Redis client was disposed.", ex);
        }
    }
}
