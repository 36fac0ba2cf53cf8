using ClawChat.Runtime.Cluster.Transport;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Ordered snapshots, refresh triggers and gossip (brief C4 "Gossip"; Orleans' ordered views).</summary>
public sealed partial class MembershipService
{
    private static readonly TimeSpan CleanupPeriod = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryAfterFailedRefresh = TimeSpan.FromSeconds(1);

    /// <inheritdoc/>
    public async Task RefreshAsync(long minVersion, CancellationToken cancellationToken)
    {
        if (Current.Version >= minVersion)
        {
            return;
        }

        // One read at a time: concurrent callers (gossip, pub/sub, the directory's rule 5) wait for the
        // read in flight and then usually find the version they wanted.
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current.Version >= minVersion)
            {
                return;
            }

            Apply(await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>Gossip entry point: a peer (or pub/sub) says the table reached <paramref name="version"/>.
    /// Never blocks: the refresh loop reads the table.</summary>
    public void OnMembershipChanged(long version) => RequestRefresh(version);

    private Task ReadNowAsync(CancellationToken cancellationToken) => RefreshAsync(long.MaxValue, cancellationToken);

    private void RequestRefresh(long version)
    {
        var requested = Interlocked.Read(ref _requestedVersion);
        while (version > requested)
        {
            var seen = Interlocked.CompareExchange(ref _requestedVersion, version, requested);
            if (seen == requested)
            {
                break;
            }

            requested = seen;
        }

        if (version > Current.Version)
        {
            _refreshSignal.Writer.TryWrite(true);
        }
    }

    /// <summary>Stores <paramref name="snapshot"/> and announces it if it is newer than the current one;
    /// older versions are ignored (they can arrive late from a racing read). A read at the same version
    /// but a later time replaces the current snapshot silently: every row change bumps the version, so
    /// the members are identical, but heartbeats do not, so only the newer read knows who went stale
    /// (the join check and the choice of intermediaries depend on that).</summary>
    private bool Apply(MembershipSnapshot snapshot)
    {
        lock (_publishLock)
        {
            var current = Current;
            if (snapshot.Version < current.Version)
            {
                return false;
            }

            if (snapshot.Version == current.Version)
            {
                if (snapshot.ReadAtMs > current.ReadAtMs)
                {
                    Volatile.Write(ref _current, snapshot);
                }

                return false;
            }

            Volatile.Write(ref _current, snapshot);
            var handlers = SnapshotChanged;
            if (handlers is not null)
            {
                foreach (var handler in handlers.GetInvocationList().Cast<Action<MembershipSnapshot>>())
                {
                    try
                    {
                        handler(snapshot);
                    }
                    catch (Exception ex)
                    {
                        Log.HandlerFailed(_logger, nameof(SnapshotChanged), ex);
                    }
                }
            }
        }

        Log.SnapshotApplied(_logger, snapshot.Version, snapshot.Members.Count);

        // Orleans: a silo that reads itself as Dead kills itself. Only Dead rows are ever deleted
        // (cleanup), so a missing own row means Dead as well.
        if (_localStatus != SiloStatus.None && !_left)
        {
            var own = snapshot.StatusOf(LocalSilo);
            if (own is SiloStatus.Dead or SiloStatus.None)
            {
                OnDeclaredDead(own == SiloStatus.Dead ? "the membership table lists this silo as Dead" : "this silo's row is gone from the membership table");
            }
        }

        return true;
    }

    /// <summary>Reads the table when a newer version is announced, and every
    /// <see cref="MembershipOptions.RefreshPeriod"/> regardless (pub/sub and gossip are best effort).
    /// Also deletes long-dead rows about once an hour.</summary>
    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var lastCleanup = _time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var signalled = false;
            try
            {
                using var period = new CancellationTokenSource(_options.RefreshPeriod, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, period.Token);
                await _refreshSignal.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
                signalled = _refreshSignal.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RefreshAsync(signalled ? Interlocked.Read(ref _requestedVersion) : long.MaxValue, cancellationToken).ConfigureAwait(false);
                if (_localStatus == SiloStatus.Active && _time.GetElapsedTime(lastCleanup) >= CleanupPeriod)
                {
                    lastCleanup = _time.GetTimestamp();
                    await _table.CleanupAsync(_options.DeadRowRetention, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.RefreshFailed(_logger, ex.Message);
                await Task.Delay(RetryAfterFailedRefresh, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (Interlocked.Read(ref _requestedVersion) > Current.Version)
                {
                    _refreshSignal.Writer.TryWrite(true);
                }
            }
        }
    }

    /// <summary>After our own successful mutation (e.g. a death vote): refresh and tell the peers.</summary>
    private void OnOwnMutation(long version)
    {
        RequestRefresh(version);
        Gossip(version);
    }

    /// <summary>Sends <c>MembershipChanged(version)</c> to every live peer, in addition to pub/sub, so
    /// a change reaches silos whose Redis subscription is down (brief C4 "Gossip").</summary>
    private void Gossip(long version)
    {
        foreach (var member in Current.Members.Values)
        {
            if (member.Address == LocalSilo || member.Status == SiloStatus.Dead)
            {
                continue;
            }

            try
            {
                _transport.Send(member.Address, new ClusterMessage { Kind = MessageKind.MembershipChanged, CorrelationId = version });
            }
            catch (Exception ex)
            {
                Log.GossipFailed(_logger, member.Address, ex.Message);
            }
        }
    }
}
