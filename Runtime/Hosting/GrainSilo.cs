using System.Reflection;
using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Cluster;
using ClawChat.Runtime.Cluster.Membership;
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
    private readonly ClusterComponents? _cluster;
    private int _started;
    private int _stopped;

    public GrainSilo(
        GrainRuntimeOptions options,
        IServiceProvider services,
        IEnumerable<Assembly> grainAssemblies,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMemoryPressureProbe? memoryProbe = null,
        ClusterComponents? cluster = null)
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
        _cluster = cluster;
        if (cluster is not null)
        {
            _shared.Cluster = new ClusterRouter(_shared, cluster.Membership, cluster.Directory, cluster.Transport, cluster.MembershipOptions, logger);
            cluster.Membership.Killed += reason => Killed?.Invoke(reason);
        }
    }

    /// <summary>Raised when the cluster declared this silo dead (it must stop: a process exits so that the
    /// orchestrator restarts it as a new member).</summary>
    public event Action<string>? Killed;

    /// <summary>The Active silos in this silo's current membership view, ordered (empty in single-silo mode).</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos => _cluster?.Membership.Current.ActiveSilos ?? [];

    /// <summary>This silo's cluster address; null in single-silo mode.</summary>
    public SiloAddress? SiloAddress => _cluster?.Membership.LocalSilo;

    /// <summary>True when the silo may serve requests: started, not stopping, and (in cluster mode)
    /// Active in the membership table with a valid lease.</summary>
    public bool IsReady => IsActive && (_cluster is null || (_cluster.Membership.LocalStatus == SiloStatus.Active && _cluster.Membership.HasValidLease));

    /// <summary>The grain factory of this silo.</summary>
    public GrainRuntime Runtime { get; }

    /// <summary>True between <see cref="StartAsync"/> and the beginning of <see cref="StopAsync"/>.</summary>
    public bool IsActive => _shared.Catalog.IsAdmitting;

    /// <summary>Starts the silo; in cluster mode starts the transport, then joins the cluster (Joining →
    /// probes → Active) before returning.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        if (_cluster is not null)
        {
            await _cluster.Transport.StartAsync(_shared.Cluster!, cancellationToken).ConfigureAwait(false);
        }

        _shared.Catalog.IsAdmitting = true;
        if (_cluster is not null)
        {
            await _cluster.Membership.JoinAsync(cancellationToken).ConfigureAwait(false);
        }

        _collector.Start();
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

        if (_cluster is not null)
        {
            // Peers stop placing grains here; our directory entries stay until each activation let go.
            await IgnoreFailureAsync(() => _cluster.Membership.LeaveAsync(cancellationToken)).ConfigureAwait(false);
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
        if (_cluster is not null)
        {
            await IgnoreFailureAsync(() => _cluster.Membership.MarkDeadAsync(cancellationToken)).ConfigureAwait(false);
            await IgnoreFailureAsync(() => _cluster.Transport.StopAsync(cancellationToken)).ConfigureAwait(false);
            await _cluster.Membership.DisposeAsync().ConfigureAwait(false);
            await _cluster.Transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Test hook for the in-process cluster: stops as a crash would — no membership writes, no
    /// deactivation, connections dropped; activations are simply forgotten.</summary>
    internal async Task KillAsync()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _shared.Catalog.IsAdmitting = false;
        if (_cluster is not null)
        {
            await _cluster.Membership.DisposeAsync().ConfigureAwait(false);
            await _cluster.Transport.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var record in _shared.Catalog.All)
        {
            _shared.Catalog.Remove(record);
        }

        await _collector.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Grain ids with a valid activation on this silo (test-cluster integrity checks).</summary>
    internal IReadOnlyList<GrainId> ValidActivations() =>
        _shared.Catalog.All.Where(r => r.State == ActivationState.Valid && !r.TypeInfo.IsObserver).Select(r => r.GrainId).ToList();

    private async Task IgnoreFailureAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _shared.Log.ShutdownStepFailed(ex);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
