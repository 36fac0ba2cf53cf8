using Microsoft.Extensions.Logging;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>
/// Lifeguard-style local health (brief C4 "Local-health awareness"; Orleans' LocalSiloHealthMonitor).
/// Once a second it measures how late its own timer fired; the lag includes the thread-pool queueing
/// delay of the continuation, so it captures both GC pauses and a starved pool. While the silo is
/// degraded (a lag above <see cref="LagThreshold"/> within the last <see cref="DegradedHold"/>) it doubles
/// its probe timeouts and casts no death votes: a paused silo sees everyone as slow, and must not kill
/// healthy peers for its own delays.
/// </summary>
internal sealed partial class LocalHealthMonitor
{
    /// <summary>Lag above which the silo counts as degraded (brief: 500 ms).</summary>
    public static readonly TimeSpan LagThreshold = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one bad sample keeps the silo degraded: lag tends to come in bursts (GC storms,
    /// pool starvation), so a single good tick right after a bad one proves little.</summary>
    public static readonly TimeSpan DegradedHold = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastBadTimestamp;
    private long _lastLagTicks;

    public LocalHealthMonitor(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>True while a recent lag sample exceeded <see cref="LagThreshold"/>.</summary>
    public bool IsDegraded
    {
        get
        {
            var lastBad = Interlocked.Read(ref _lastBadTimestamp);
            return lastBad != 0 && _time.GetElapsedTime(lastBad) <= DegradedHold;
        }
    }

    /// <summary>The most recent lag sample.</summary>
    public TimeSpan LastLag => TimeSpan.FromTicks(Interlocked.Read(ref _lastLagTicks));

    /// <summary>Records one measurement taken at <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void RecordLag(TimeSpan lag, long timestamp)
    {
        Interlocked.Exchange(ref _lastLagTicks, lag.Ticks);
        if (lag > LagThreshold)
        {
            var wasDegraded = IsDegraded;
            Interlocked.Exchange(ref _lastBadTimestamp, timestamp);
            if (!wasDegraded)
            {
                Log.Degraded(_logger, (long)lag.TotalMilliseconds);
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            try
            {
                await Task.Delay(SamplePeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var lag = _time.GetElapsedTime(started, now) - SamplePeriod;
            RecordLag(lag < TimeSpan.Zero ? TimeSpan.Zero : lag, now);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1230, LogLevel.Warning, "Local timers fire {LagMs} ms late: doubling probe timeouts and not voting until healthy")]
        public static partial void Degraded(ILogger logger, long lagMs);
    }
}
