using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Catalog;

/// <summary>A grain timer. Each tick enters the activation's queue as a local-only request, so it obeys
/// the grain's scheduling rules; the next period starts only after the callback completes, so ticks
/// never overlap; a tick arriving after deactivation began is dropped (a timer never resurrects a grain).</summary>
internal sealed class GrainTimer : IGrainTimer
{
    private static readonly GrainMethodInfo TickMethod = new("timer", "Tick", 0, 0, MethodFlags.HasCancellation, 0);
    private static readonly GrainMethodInfo InterleavedTickMethod = new("timer", "Tick", 0, 0, MethodFlags.HasCancellation | MethodFlags.AlwaysInterleave, 0);

    private readonly ActivationRecord _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly GrainTimerCreationOptions _options;
    private readonly object _gate = new();
    private ITimer? _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _disposed;

    public GrainTimer(ActivationRecord activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _options = options;
        _dueTime = options.DueTime;
        _period = options.Period;
    }

    public void Start()
    {
        // Suppress flow: the timer must not capture the request that created it, or every tick would
        // carry that request's call path (false deadlocks) and request context.
        using (ExecutionContext.SuppressFlow())
        {
            lock (_gate)
            {
                _timer = _activation.TypeInfo.Shared.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnFired(), this, _dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(GrainTimer));
            }

            _dueTime = dueTime;
            _period = period;
            _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        DisposeCore();
        _activation.RemoveTimer(this);
    }

    internal void DisposeCore()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnFired() => _ = TickAsync();

    private async Task TickAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        try
        {
            var request = new TickRequest(this, _options.Interleave ? InterleavedTickMethod : TickMethod);
            await _activation.InvokeLocalOnlyAsync(request, countsAsActivity: _options.KeepAlive).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _activation.TypeInfo.Shared.Log.TimerFailed(_activation.GrainId, ex);
        }

        lock (_gate)
        {
            if (!_disposed && _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                _timer?.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private sealed class TickRequest(GrainTimer timer, GrainMethodInfo method) : GrainRequest<VoidResult>
    {
        public override GrainMethodInfo Method => method;

        public override ValueTask<VoidResult> InvokeAsync(object target) => InvokeHelpers.FromTask(timer._callback(CancellationToken));
    }
}
