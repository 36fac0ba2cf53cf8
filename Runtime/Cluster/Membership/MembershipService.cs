using System.Threading.Channels;
using ClawChat.Runtime.Cluster.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>
/// This silo's membership agent (brief C1 <c>MembershipService</c> + <c>FailureDetector</c>; C4): joins
/// the table, renews the lease, keeps an ordered series of snapshots, probes peers and votes, leaves
/// gracefully, and fences itself when it cannot prove it is alive.
/// <para><b>Lifecycle.</b> <see cref="JoinAsync"/> → (serve) → <see cref="LeaveAsync"/> → host deactivates
/// grains → <see cref="MarkDeadAsync"/> → <see cref="DisposeAsync"/>. <see cref="Killed"/> fires (once) if
/// the table declares this silo Dead while it is not leaving: the host must then exit non-zero so the
/// orchestrator restarts it with a new generation (Dead is terminal, Orleans #7505).</para>
/// <para><b>Threads.</b> Four background loops (heartbeat, snapshot refresh, local health, probes), each
/// with its own deadlines; snapshots are published under one lock so <see cref="SnapshotChanged"/>
/// handlers see strictly increasing versions.</para>
/// </summary>
public sealed partial class MembershipService : IClusterMembershipService, IAsyncDisposable
{
    /// <summary>Subtracted from the lease for clock-rate drift between this host and Redis (brief C4
    /// "Self-fencing"); capped at a quarter of the lease so that short test leases still work.</summary>
    private static readonly TimeSpan MaxLeaseMargin = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly IMembershipTable _table;
    private readonly ISiloTransport _transport;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _siloName;
    private readonly int _httpPort;
    private readonly TimeSpan _leaseValidity;
    private readonly FailureDetector _detector;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _readGate = new(1, 1);

    // Capacity 1, DropWrite: a pending signal already means "refresh to at least _requestedVersion",
    // so further signals add nothing (no unbounded queue of refresh requests).
    private readonly Channel<bool> _refreshSignal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // Held while comparing, storing and announcing a snapshot: announcements are ordered by version.
    private readonly Lock _publishLock = new();
    private readonly Lock _loopsLock = new();
    private readonly List<Task> _loops = [];

    private MembershipSnapshot _current = MembershipSnapshot.Empty;
    private long _requestedVersion;
    private long _renewedAtTimestamp;
    private int _killed;
    private volatile bool _leaving;
    private volatile bool _left;
    private volatile SiloStatus _localStatus;
    private int _disposed;

    /// <param name="localSilo">This silo's address (a new generation per process start).</param>
    /// <param name="siloName">Instance name for diagnostics (pod name).</param>
    /// <param name="httpPort">The HTTP port, recorded for tools.</param>
    /// <param name="table">The membership table (Redis, or in-memory in tests); pub/sub is used when it
    /// implements <see cref="IMembershipChangeFeed"/>.</param>
    /// <param name="transport">Probes (<see cref="ISiloTransport.PingAsync"/>) and gossip.</param>
    /// <param name="options">Timings; validated here.</param>
    /// <param name="timeProvider">The local clock (monotonic timestamps for the lease and loops).</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public MembershipService(
        SiloAddress localSilo,
        string siloName,
        int httpPort,
        IMembershipTable table,
        ISiloTransport transport,
        MembershipOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        MembershipOptionsValidator.ThrowIfInvalid(options);
        LocalSilo = localSilo;
        _siloName = siloName ?? string.Empty;
        _httpPort = httpPort;
        _table = table;
        _transport = transport;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<MembershipService>();
        var margin = options.LeaseTimeout / 4 < MaxLeaseMargin ? options.LeaseTimeout / 4 : MaxLeaseMargin;
        _leaseValidity = options.LeaseTimeout - margin;
        Health = new LocalHealthMonitor(_time, _logger);
        _detector = new FailureDetector(
            localSilo, transport, table, options, Health, _time, _logger,
            current: () => Current,
            mayVote: () => _localStatus == SiloStatus.Active && HasValidLease,
            onTableChanged: OnOwnMutation);
        if (table is IMembershipChangeFeed feed)
        {
            feed.VersionPublished += OnMembershipChanged;
        }
    }

    /// <inheritdoc/>
    public event Action<MembershipSnapshot>? SnapshotChanged;

    /// <summary>Raised once, with the reason, when the table declares this silo Dead while it is not
    /// leaving. The host must stop the process (exit code ≠ 0). Handlers run on a background loop.</summary>
    public event Action<string>? Killed;

    public SiloAddress LocalSilo { get; }

    /// <inheritdoc/>
    public MembershipSnapshot Current => Volatile.Read(ref _current);

    /// <summary>This silo's own status as it last wrote or learned it.</summary>
    public SiloStatus LocalStatus => _localStatus;

    /// <inheritdoc/>
    public TimeSpan LeaseTimeout => _options.LeaseTimeout;

    /// <summary>True once the table declared this silo Dead (or it could not join).</summary>
    public bool IsKilled => Volatile.Read(ref _killed) != 0;

    /// <inheritdoc/>
    /// <remarks>Measured from the local <em>send</em> time of the last heartbeat that succeeded, while
    /// Redis stamps <c>alive</c> when it runs the script (later); so this silo always fences before
    /// <c>alive + LeaseTimeout</c> in real time, which is what lets another silo take over its grains
    /// at that moment (brief C5 rule 3). With <see cref="FencingMode.Off"/> only Dead revokes it.</remarks>
    public bool HasValidLease
    {
        get
        {
            if (_left || IsKilled)
            {
                return false;
            }

            var renewed = Interlocked.Read(ref _renewedAtTimestamp);
            if (renewed == 0)
            {
                return false;
            }

            return _options.Fencing == FencingMode.Off || _time.GetElapsedTime(renewed) <= _leaseValidity;
        }
    }

    internal LocalHealthMonitor Health { get; }

    internal FailureDetector Detector => _detector;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_table is IMembershipChangeFeed feed)
        {
            feed.VersionPublished -= OnMembershipChanged;
        }

        // The CancellationTokenSource and the read gate are not disposed: neither holds a wait handle,
        // and a late RefreshAsync or gossip from the host must not hit ObjectDisposedException.
        await StopLoopsAsync().ConfigureAwait(false);
    }

    private void StartLoop(Func<CancellationToken, Task> loop)
    {
        lock (_loopsLock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _loops.Add(Task.Run(() => loop(_stopping.Token)));
        }
    }

    private async Task StopLoopsAsync()
    {
        Task[] loops;
        lock (_loopsLock)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            loops = [.. _loops];
        }

        try
        {
            await Task.WhenAll(loops).WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.LoopsDidNotStop(_logger, StopWait);
        }
        catch (Exception ex)
        {
            Log.LoopFailed(_logger, ex);
        }
    }

    private void CancelLoops()
    {
        lock (_loopsLock)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }
        }
    }
}
