using ClawChat.Runtime.Redis.Connection;
using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Redis.PubSub;

/// <summary>The read/dispatch/reconnect loop.</summary>
public sealed partial class RedisSubscriber
{
    private async Task RunAsync(RedisTransport transport)
    {
        var cancellation = _disposing.Token;
        while (true)
        {
            try
            {
                while (true)
                    Dispatch(await transport.ReadReplyAsync(cancellation).ConfigureAwait(false));
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ConnectionLost(_logger, _endPoint, ex.Message, ex);
            }

            lock (_lock)
            {
                if (ReferenceEquals(_transport, transport))
                    _transport = null;
            }

            transport.Dispose();
            var restored = await ReconnectAsync(cancellation).ConfigureAwait(false);
            if (restored is null)
                return;
            transport = restored;
            try
            {
                ConnectionRestored?.Invoke(this, EventArgs.Empty);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, "ConnectionRestored", ex);
            }
        }
    }

    private async Task<RedisTransport?> ReconnectAsync(CancellationToken cancellation)
    {
        for (int attempt = 0; ; attempt++)
        {
            RedisTransport transport;
            try
            {
                await Task.Delay(RedisClient.Backoff(_options, attempt), cancellation).ConfigureAwait(false);
                transport = await RedisTransport.ConnectAsync(_options, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                Log.ReconnectFailed(_logger, _endPoint, attempt + 1, ex.Message);
                continue;
            }

            string[] channels, patterns;
            lock (_lock)
            {
                if (_disposed)
                {
                    transport.Dispose();
                    return null;
                }

                // Publish and snapshot atomically: a SubscribeAsync either sees this transport and
                // sends its own SUBSCRIBE, or is included in the snapshot.
                _transport = transport;
                channels = [.. _channels.Keys];
                patterns = [.. _patterns.Keys];
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(_options.CommandTimeout);
            try
            {
                bool sent = (channels.Length == 0 || await TrySendAsync(transport, ["SUBSCRIBE", .. channels.Select(c => (RedisValue)c)], deadline.Token).ConfigureAwait(false))
                    && (patterns.Length == 0 || await TrySendAsync(transport, ["PSUBSCRIBE", .. patterns.Select(p => (RedisValue)p)], deadline.Token).ConfigureAwait(false));
                if (sent)
                {
                    Log.Resubscribed(_logger, _endPoint, channels.Length, patterns.Length, attempt + 1);
                    return transport;
                }
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                Log.ReconnectFailed(_logger, _endPoint, attempt + 1, "re-subscribe timed out");
            }
            catch (OperationCanceledException)
            {
                transport.Dispose();
                return null;
            }

            lock (_lock)
            {
                if (ReferenceEquals(_transport, transport))
                    _transport = null;
            }

            transport.Dispose();
        }
    }

    private void Dispatch(RedisResult push)
    {
        if (push.IsError)
        {
            Log.ErrorReply(_logger, _endPoint, push.ErrorMessage);
            return;
        }

        if (push.Type != RedisResultType.Array || push.AsArray() is not { Length: >= 3 } parts)
            return;

        switch (parts[0].AsString())
        {
            case "message":
                Deliver(_channels, parts[1].AsString()!, new RedisMessage(parts[1].AsString()!, parts[2].AsBytes() ?? [], null));
                break;
            case "pmessage" when parts.Length >= 4:
                var pattern = parts[1].AsString()!;
                Deliver(_patterns, pattern, new RedisMessage(parts[2].AsString()!, parts[3].AsBytes() ?? [], pattern));
                break;
            case "subscribe":
                Confirm(isPattern: false, parts[1].AsString()!);
                break;
            case "psubscribe":
                Confirm(isPattern: true, parts[1].AsString()!);
                break;
        }
    }

    private void Confirm(bool isPattern, string name)
    {
        TaskCompletionSource? confirmation;
        lock (_lock)
            _confirmations.Remove((isPattern, name), out confirmation);
        confirmation?.TrySetResult();
    }

    private void Deliver(Dictionary<string, Action<RedisMessage>[]> map, string key, RedisMessage message)
    {
        Action<RedisMessage>[]? handlers;
        lock (_lock)
            map.TryGetValue(key, out handlers);
        if (handlers is null)
            return;

        foreach (var handler in handlers)
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, message.Channel, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7120, LogLevel.Warning, "Redis subscriber connection to {EndPoint} lost: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string endPoint, string reason, Exception exception);

        [LoggerMessage(7121, LogLevel.Debug, "Redis subscriber reconnect attempt {Attempt} to {EndPoint} failed: {Reason}")]
        public static partial void ReconnectFailed(ILogger logger, string endPoint, int attempt, string reason);

        [LoggerMessage(7122, LogLevel.Information, "Redis subscriber reconnected to {EndPoint} after {Attempts} attempt(s); re-subscribed {Channels} channel(s), {Patterns} pattern(s)")]
        public static partial void Resubscribed(ILogger logger, string endPoint, int channels, int patterns, int attempts);

        [LoggerMessage(7123, LogLevel.Error, "A Redis subscriber handler for {Channel} failed")]
        public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(7124, LogLevel.Warning, "Redis subscriber got an error reply from {EndPoint}: {Error}")]
        public static partial void ErrorReply(ILogger logger, string endPoint, string error);

        [LoggerMessage(7125, LogLevel.Debug, "Redis subscriber could not send {Command} to {EndPoint}: {Reason}")]
        public static partial void SendFailed(ILogger logger, string command, string endPoint, string reason);
    }
}
