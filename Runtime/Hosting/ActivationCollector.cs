using ClawChat.Runtime.Catalog;

namespace ClawChat.Runtime.Hosting;

/// <summary>Idle collection and memory-pressure shedding (brief C3). A scan every quantum is O(activations)
/// but costs about a millisecond per 100,000 records, and touching an activation stays a single field
/// write on the hot path. Shedding never takes an activation that has running or waiting work: busy
/// grains would only reactivate (Orleans #370).</summary>
internal sealed class ActivationCollector : IAsyncDisposable
{
    private readonly GrainRuntimeShared _shared;
    private readonly IMemoryPressureProbe _probe;
    private readonly CancellationTokenSource _stop = new();
    private Task? _idleLoop;
    private Task? _memoryLoop;

    public ActivationCollector(GrainRuntimeShared shared, IMemoryPressureProbe probe)
    {
        _shared = shared;
        _probe = probe;
    }

    public void Start()
    {
        _idleLoop = RunIdleLoopAsync(_stop.Token);
        _memoryLoop = RunMemoryLoopAsync(_stop.Token);
    }

    /// <summary>Deactivates activations idle past their type's collection age; returns how many.</summary>
    public int CollectIdle()
    {
        var now = Environment.TickCount64;
        var count = 0;
        foreach (var record in _shared.Catalog.All)
        {
            var age = record.TypeInfo.CollectionAge;
            if (age == Timeout.InfiniteTimeSpan || !record.IsIdleFor(now, age))
            {
                continue;
            }

            record.StartDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, null));
            count++;
        }

        if (count > 0)
        {
            _shared.Log.Collected(count);
        }

        return count;
    }

    /// <summary>When memory use is over the limit, deactivates the longest-idle activations (a share
    /// proportional to the excess); rejects new activations while nothing idle is left.</summary>
    public int ShedIfNeeded()
    {
        var options = _shared.Options;
        var used = _probe.UsedPercent();
        if (used < options.MemoryLimitPercent)
        {
            _shared.Catalog.RejectNewActivations = false;
            return 0;
        }

        var idle = _shared.Catalog.All
            .Where(r => !r.TypeInfo.IsObserver && r.IsIdle)
            .OrderBy(r => r.LastActive)
            .ToList();
        if (idle.Count == 0)
        {
            _shared.Catalog.RejectNewActivations = true;
            return 0;
        }

        var share = Math.Clamp((used - options.MemoryTargetPercent) / used, 0.05, 1.0);
        var count = Math.Max(1, (int)Math.Ceiling(idle.Count * share));
        _shared.Log.Shedding(used, count);
        foreach (var record in idle.Take(count))
        {
            record.StartDeactivation(new DeactivationReason(DeactivationReasonCode.HighMemoryPressure, null));
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _idleLoop, _memoryLoop })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        _stop.Dispose();
    }

    private async Task RunIdleLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_shared.Options.CollectionQuantum, _shared.TimeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            CollectIdle();
        }
    }

    private async Task RunMemoryLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_shared.Options.MemoryCheckPeriod, _shared.TimeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            ShedIfNeeded();
        }
    }
}
