namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Join, graceful leave and the final Dead (brief C4 "Join"; C11 graceful shutdown).</summary>
public sealed partial class MembershipService
{
    private static readonly TimeSpan AbortWriteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Joins the cluster: writes this silo as Joining (which also starts its lease), probes every Active
    /// member whose heartbeat is fresh until each has answered, then writes Active and starts the
    /// failure detector. Stale Active rows (silos that died without leaving, e.g. after a total cluster
    /// restart) are skipped: they must not block a new silo, and the failure detector will vote them
    /// Dead. A member that was fresh but dies during the join becomes stale (the table is re-read between
    /// attempts) and stops blocking too.
    /// </summary>
    /// <exception cref="MembershipJoinException">A fresh Active member stayed unreachable for
    /// <see cref="MembershipOptions.JoinTimeout"/>, or this silo was declared Dead meanwhile; the row has
    /// been marked Dead.</exception>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (_localStatus != SiloStatus.None)
        {
            throw new InvalidOperationException($"Silo {LocalSilo} has already joined (status {_localStatus}).");
        }

        var record = new MemberRecord(LocalSilo, _siloName, _httpPort, SiloStatus.Joining, 0, 0, null, [], (long)_options.LeaseTimeout.TotalMilliseconds);
        var sent = _time.GetTimestamp();
        var joined = await _table.JoinAsync(record, cancellationToken).ConfigureAwait(false);

        // The join script stamps `alive`, so the lease starts at the join's send time. The snapshot is
        // applied before the status is set: a refresh racing with us that read the table before the
        // join (and so lacks our row) then has a lower version and is ignored instead of looking like
        // "our row vanished".
        RecordRenewal(sent);
        Apply(joined);
        _localStatus = SiloStatus.Joining;
        Log.JoinStarted(_logger, LocalSilo, joined.Version);
        Gossip(joined.Version);
        StartLoop(HeartbeatLoopAsync);
        StartLoop(RefreshLoopAsync);
        StartLoop(Health.RunAsync);

        try
        {
            await ValidateConnectivityAsync(cancellationToken).ConfigureAwait(false);
            if (!await _table.SetStatusAsync(LocalSilo, SiloStatus.Active, cancellationToken).ConfigureAwait(false))
            {
                throw new MembershipJoinException($"Silo {LocalSilo} was declared Dead while joining.");
            }

            _localStatus = SiloStatus.Active;
            await AnnounceOwnChangeAsync(cancellationToken).ConfigureAwait(false);
            StartLoop(_detector.RunAsync);
            Log.Joined(_logger, LocalSilo, Current.Version, Current.ActiveSilos.Count);
        }
        catch (Exception ex)
        {
            await AbortJoinAsync(ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes ShuttingDown: placement stops choosing this silo, and other silos wait for its
    /// activations to unregister instead of taking them over (brief C5 rule 4). Heartbeats continue, so
    /// the lease stays valid while the host deactivates grains.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (_localStatus is not (SiloStatus.Joining or SiloStatus.Active))
        {
            return;
        }

        _leaving = true;
        var moved = await _table.SetStatusAsync(LocalSilo, SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        _localStatus = SiloStatus.ShuttingDown;
        if (!moved)
        {
            Log.LeaveRefused(_logger, LocalSilo);
            return;
        }

        await AnnounceOwnChangeAsync(cancellationToken).ConfigureAwait(false);
        Log.Leaving(_logger, LocalSilo);
    }

    /// <summary>Writes Dead after the host deactivated its grains, then stops every loop. From here on
    /// <see cref="HasValidLease"/> is false.</summary>
    public async Task MarkDeadAsync(CancellationToken cancellationToken)
    {
        if (_localStatus is SiloStatus.None or SiloStatus.Dead)
        {
            return;
        }

        _leaving = true;
        _left = true;
        try
        {
            var moved = await _table.SetStatusAsync(LocalSilo, SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            _localStatus = SiloStatus.Dead;
            if (moved)
            {
                await AnnounceOwnChangeAsync(cancellationToken).ConfigureAwait(false);
            }

            Log.Left(_logger, LocalSilo);
        }
        finally
        {
            // Even if the write failed: heartbeats must stop, or the row (ShuttingDown) would stay fresh
            // and block other silos from taking over this silo's grains (brief C5 rules 3 and 4).
            CancelLoops();
        }
    }

    /// <summary>Probes fresh Active members until each answered once (Orleans' ValidateInitialConnectivity).</summary>
    private async Task ValidateConnectivityAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var pending = PeersToValidate(Current);
        while (pending.Count > 0)
        {
            if (IsKilled)
            {
                throw new MembershipJoinException($"Silo {LocalSilo} was declared Dead while joining.");
            }

            var answered = await Task.WhenAll(pending.Select(p => PingOnceAsync(p, cancellationToken))).ConfigureAwait(false);
            pending = pending.Where((_, i) => !answered[i]).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            var remaining = _options.JoinTimeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new MembershipJoinException(
                    $"Silo {LocalSilo} could not reach {string.Join(", ", pending)} within {_options.JoinTimeout}; not joining (partitioned?).",
                    pending);
            }

            await Task.Delay(remaining < _options.ProbeInterval ? remaining : _options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);

            // Re-read: a member that died just before we joined turns stale (or is voted Dead) and must
            // stop blocking us; one that left is no longer Active.
            try
            {
                await ReadNowAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.RefreshFailed(_logger, ex.Message);
            }

            var stillRequired = PeersToValidate(Current);
            pending = pending.Where(stillRequired.Contains).ToList();
        }
    }

    private List<SiloAddress> PeersToValidate(MembershipSnapshot snapshot)
        => snapshot.ActiveNonStaleSilos(_options.StaleAfter).Where(s => s != LocalSilo).ToList();

    private async Task<bool> PingOnceAsync(SiloAddress peer, CancellationToken cancellationToken)
    {
        try
        {
            var timeout = _options.ProbeTimeout;
            return await _transport.PingAsync(peer, timeout, cancellationToken).WaitAsync(timeout * 2, _time, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.JoinProbeFailed(_logger, peer, ex.Message);
            return false;
        }
    }

    // Best effort, bounded: a row left in Joining would otherwise be cleaned only by the other silos'
    // detectors (after 2 × JoinTimeout).
    private async Task AbortJoinAsync(Exception reason)
    {
        _left = true;
        Interlocked.Exchange(ref _killed, 1);
        CancelLoops();
        Log.JoinAborted(_logger, LocalSilo, reason.Message);
        try
        {
            using var timeout = new CancellationTokenSource(AbortWriteTimeout, _time);
            await _table.SetStatusAsync(LocalSilo, SiloStatus.Dead, timeout.Token).ConfigureAwait(false);
            _localStatus = SiloStatus.Dead;
        }
        catch (Exception ex)
        {
            Log.AbortWriteFailed(_logger, LocalSilo, ex.Message);
        }
    }

    private async Task AnnounceOwnChangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadNowAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RefreshFailed(_logger, ex.Message);
        }

        Gossip(Current.Version);
    }
}
