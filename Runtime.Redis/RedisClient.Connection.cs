using ClawChat.Runtime.Redis.Connection;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Redis;

/// <summary>Connection lifecycle: attaching a generation, detaching it on failure, reconnecting.</summary>
public sealed partial class RedisClient
{
    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0-based): min·2^attempt capped at max, minus up to 50 % jitter.</summary>
    internal static TimeSpan Backoff(RedisOptions options, int attempt)
    {
        double exponential = options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        double capped = Math.Min(exponential, options.ReconnectMaxDelay.TotalMilliseconds);

        // Jitter spreads the reconnects of many silos after a Redis restart.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    private bool Attach(RedisTransport transport)
    {
        MultiplexedConnection connection;
        lock (_lock)
        {
            if (_disposed)
                return false;
            connection = new MultiplexedConnection(transport, ++_generation, _endPoint, OnConnectionFailed, OnCommandRetired);
            Volatile.Write(ref _current, connection);
            _connected.TrySetResult();
        }

        // Outside the lock: a loop failing at once re-enters OnConnectionFailed.
        connection.Start();
        return true;
    }

    private void OnCommandRetired() => Interlocked.Decrement(ref _pending);

    private void OnConnectionFailed(MultiplexedConnection connection, Exception reason)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_current, connection))
                return;
            Volatile.Write(ref _current, null);
            Volatile.Write(ref _lastError, reason);
            if (_disposed)
                return;
            _connected = NewConnectedSignal();
            _reconnectLoop = Task.Run(ReconnectLoopAsync);
        }

        Log.ConnectionLost(_logger, _endPoint, connection.Generation, reason.Message, reason);
    }

    private async Task ReconnectLoopAsync()
    {
        var cancellation = _disposing.Token;
        for (int attempt = 0; !cancellation.IsCancellationRequested; attempt++)
        {
            var delay = Backoff(_options, attempt);
            RedisTransport transport;
            try
            {
                await Task.Delay(delay, cancellation).ConfigureAwait(false);
                transport = await RedisTransport.ConnectAsync(_options, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _lastError, ex);
                Log.ReconnectFailed(_logger, _endPoint, attempt + 1, ex.Message);
                continue;
            }

            if (!Attach(transport))
            {
                transport.Dispose();
                return;
            }

            Log.Reconnected(_logger, _endPoint, ConnectionGeneration, attempt + 1);
            RaiseConnectionRestored();
            return;
        }
    }

    private void RaiseConnectionRestored()
    {
        try
        {
            ConnectionRestored?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            Log.ConnectionRestoredHandlerFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7100, LogLevel.Information, "Redis client connected: {Options}")]
        public static partial void Connected(ILogger logger, string options);

        [LoggerMessage(7101, LogLevel.Warning, "Redis connection to {EndPoint} (generation {Generation}) lost: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string endPoint, long generation, string reason, Exception exception);

        [LoggerMessage(7102, LogLevel.Debug, "Redis reconnect attempt {Attempt} to {EndPoint} failed: {Reason}")]
        public static partial void ReconnectFailed(ILogger logger, string endPoint, int attempt, string reason);

        [LoggerMessage(7103, LogLevel.Information, "Redis connection to {EndPoint} restored as generation {Generation} after {Attempts} attempt(s)")]
        public static partial void Reconnected(ILogger logger, string endPoint, long generation, int attempts);

        [LoggerMessage(7104, LogLevel.Error, "A Redis ConnectionRestored handler failed")]
        public static partial void ConnectionRestoredHandlerFailed(ILogger logger, Exception exception);
    }
}
