using System.Reflection;
using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime;

/// <summary>One silo of the runtime: its catalog, call router and collectors, with an ordered start and a
/// bounded graceful stop (brief C11): stop admitting, deactivate everything (state written by each
/// grain's <c>OnDeactivateAsync</c>), then stop the collectors. No fixed sleeps anywhere.</summary>
public sealed class GrainSilo : IAsyncDisposable
{
    private readonly GrainRuntimeShared _shared;
    private readonly ActivationCollector _collector;
    private int _started;
    private int _stopped;

    public GrainSilo(
        GrainRuntimeOptions options,
        IServiceProvider services,
        IEnumerable<Assembly> grainAssemblies,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMemoryPressureProbe? memoryProbe = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new GrainRuntimeOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ClawChat.Runtime");
        _shared = new GrainRuntimeShared(options, services, logger, timeProvider ?? TimeProvider.System);
        Runtime = new GrainRuntime(_shared, grainAssemblies);
        _collector = new ActivationCollector(_shared, memoryProbe ?? new GcMemoryPressureProbe());
    }

    /// <summary>The grain factory of this silo.</summary>
    public GrainRuntime Runtime { get; }

    /// <summary>True between <see cref="StartAsync"/> and the beginning of <see cref="StopAsync"/>.</summary>
    public bool IsActive => _shared.Catalog.IsAdmitting;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _shared.Catalog.IsAdmitting = true;
            _collector.Start();
        }

        return Task.CompletedTask;
    }

    /// <summary>Deactivates idle activations now (what the periodic collector does every quantum).</summary>
    public int CollectIdleActivations() => _collector.CollectIdle();

    /// <summary>Runs one memory-pressure check now (what the periodic monitor does).</summary>
    public int ShedOnMemoryPressure() => _collector.ShedIfNeeded();

    /// <summary>Graceful shutdown: no new activations, every activation deactivated, bounded by
    /// <see cref="GrainRuntimeOptions.ShutdownTimeout"/> (and <paramref name="cancellationToken"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _shared.Catalog.IsAdmitting = false;
        var pending = new List<Task>();
        foreach (var record in _shared.Catalog.All)
        {
            if (record.TypeInfo.IsObserver)
            {
                _shared.Catalog.Remove(record);
                continue;
            }

            record.StartDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, null));
            pending.Add(record.WhenDeactivated);
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(_shared.Options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _shared.Log.ShutdownIncomplete(pending.Count(t => !t.IsCompleted));
        }

        await _collector.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
