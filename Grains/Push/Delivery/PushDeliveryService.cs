using System.Collections.Concurrent;
using System.Net;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Media.Preview;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Push.Delivery;

/// <summary>
/// Delivers notifications to push gateways (DIGEST §15), off the grains' turns. Each user has a bounded queue
/// (<c>MaxQueuedPerUser</c>; when full the oldest waiting notification is dropped) drained in order by one worker
/// that exists only while the queue is non-empty; a notification goes to each distinct gateway of the user's
/// pushers in parallel, each with its own retries (exponential back-off from <c>InitialRetryDelay</c>, capped at
/// <c>MaxRetryDelay</c>, at most <c>MaxDeliveryAttempts</c>). At most <c>MaxConcurrentDeliveries</c> requests are in
/// flight per silo; back-off waits hold no slot. Pushkeys a gateway rejects have their pushers removed.
/// This file: queues and workers; HTTP in <c>PushDeliveryService.Http.cs</c>.
/// </summary>
internal sealed partial class PushDeliveryService : IPushDeliveryQueue, IAsyncDisposable, IDisposable
{
    /// <summary>How long disposal waits for workers to notice cancellation.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, UserPushQueue> _queues = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly PushOptions _options;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<PushDeliveryService> _logger;
    private readonly AddressPolicy _addresses;
    private readonly SemaphoreSlim _inFlight;
    private readonly HttpClient _client;

    public PushDeliveryService(PushOptions options, IGrainFactory grains, TimeProvider time, ILogger<PushDeliveryService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _grains = grains;
        _time = time;
        _logger = logger;
        _addresses = new AddressPolicy(options.AllowedNetworks);
        _inFlight = new SemaphoreSlim(options.MaxConcurrentDeliveries, options.MaxConcurrentDeliveries);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.GatewayTimeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("ClawChat-Push/1.0");
    }

    /// <summary>Users with notifications waiting or in delivery (for tests and diagnostics).</summary>
    public int ActiveQueues => _queues.Count;

    public void Enqueue(PushDeliveryJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        while (true)
        {
            var queue = _queues.GetOrAdd(job.UserId, static _ => new UserPushQueue());
            lock (queue)
            {
                if (queue.Retired)
                {
                    continue;
                }

                if (queue.Pending.Count >= _options.MaxQueuedPerUser)
                {
                    queue.Pending.Dequeue();
                    Log.Dropped(_logger, job.UserId, _options.MaxQueuedPerUser);
                }

                queue.Pending.Enqueue(job);
                if (!queue.Running)
                {
                    queue.Running = true;
                    queue.Worker = Task.Run(() => DrainAsync(job.UserId, queue));
                }
            }

            return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var workers = _queues.Values.Select(q => q.Worker).ToArray();
        try
        {
            await Task.WhenAll(workers).WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.StopTimedOut(_logger, workers.Length);
        }

        _client.Dispose();
    }

    /// <summary>Synchronous disposal (a container disposed with <c>Dispose</c>): stops the workers without waiting for them.</summary>
    public void Dispose()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        _client.Dispose();
    }

    private async Task DrainAsync(string userId, UserPushQueue queue)
    {
        while (true)
        {
            PushDeliveryJob? job;
            lock (queue)
            {
                if (_stopping.IsCancellationRequested || !queue.Pending.TryDequeue(out job))
                {
                    queue.Running = false;
                    queue.Retired = true;
                    _queues.TryRemove(new KeyValuePair<string, UserPushQueue>(userId, queue));
                    return;
                }
            }

            try
            {
                await DeliverAsync(job, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // The worker is a boundary: one failed notification must not stop the user's queue.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.DeliveryFailed(_logger, userId, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7120, LogLevel.Warning, "Push queue of {UserId} is full ({Limit}); dropped the oldest waiting notification")]
        public static partial void Dropped(ILogger logger, string userId, int limit);

        [LoggerMessage(7121, LogLevel.Error, "Push delivery for {UserId} failed")]
        public static partial void DeliveryFailed(ILogger logger, string userId, Exception exception);

        [LoggerMessage(7122, LogLevel.Warning, "{Count} push workers did not stop in time")]
        public static partial void StopTimedOut(ILogger logger, int count);

        [LoggerMessage(7123, LogLevel.Warning, "Push gateway {Host} for {UserId}: attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, string host, string userId, int attempt, string reason, TimeSpan delay);

        [LoggerMessage(7124, LogLevel.Warning, "Push gateway {Host} for {UserId}: gave up after {Attempt} attempts ({Reason})")]
        public static partial void GaveUp(ILogger logger, string host, string userId, int attempt, string reason);

        [LoggerMessage(7125, LogLevel.Information, "Push gateway {Host} rejected a pushkey of {UserId} (app {AppId}); removing the pusher")]
        public static partial void Rejected(ILogger logger, string host, string userId, string appId);

        [LoggerMessage(7126, LogLevel.Debug, "Push room details for {UserId} in {RoomId} unavailable")]
        public static partial void DetailsUnavailable(ILogger logger, string userId, string roomId, Exception exception);

        [LoggerMessage(7127, LogLevel.Debug, "Pushed to {Host} for {UserId} ({Devices} devices, attempt {Attempt})")]
        public static partial void Delivered(ILogger logger, string host, string userId, int devices, int attempt);
    }
}
