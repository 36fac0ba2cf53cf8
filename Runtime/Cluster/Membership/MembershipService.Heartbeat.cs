namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Lease renewal and self-fencing (brief C4 "Self-fencing (lease)").</summary>
public sealed partial class MembershipService
{
    private bool _leaseLost;

    /// <summary>
    /// Renews the lease every <see cref="MembershipOptions.HeartbeatPeriod"/>, on a fixed cadence measured
    /// from each send (a slow reply does not push the next heartbeat back). One heartbeat may take up to
    /// <see cref="MembershipOptions.LeaseTimeout"/>: a slow Redis that still answers keeps the lease,
    /// because the lease is counted from the send time; waiting longer would be pointless, the lease
    /// would be gone anyway. Each reply carries the table version, so a silo that missed pub/sub and
    /// gossip is back in step within one period.
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var lastSent = Interlocked.Read(ref _renewedAtTimestamp);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var wait = _options.HeartbeatPeriod - _time.GetElapsedTime(lastSent);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                lastSent = _time.GetTimestamp();
                using var deadline = new CancellationTokenSource(_options.LeaseTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                var result = await _table.HeartbeatAsync(LocalSilo, linked.Token).ConfigureAwait(false);
                if (result.IsDead)
                {
                    OnDeclaredDead("the heartbeat reply said this silo is Dead");
                    return;
                }

                RecordRenewal(lastSent);
                if (_leaseLost)
                {
                    _leaseLost = false;
                    Log.LeaseRestored(_logger, LocalSilo);
                }

                if (result.TableVersion > Current.Version)
                {
                    RequestRefresh(result.TableVersion);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.HeartbeatFailed(_logger, LocalSilo, ex.Message);
                if (!_leaseLost && !HasValidLease && !IsKilled && !_left)
                {
                    _leaseLost = true;
                    Log.LeaseLost(_logger, LocalSilo, _options.LeaseTimeout, _options.Fencing.ToString());
                }
            }
        }
    }

    private void RecordRenewal(long sentTimestamp)
    {
        var current = Interlocked.Read(ref _renewedAtTimestamp);
        while (sentTimestamp > current)
        {
            var seen = Interlocked.CompareExchange(ref _renewedAtTimestamp, sentTimestamp, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The table says this silo is Dead (heartbeat reply or snapshot). Dead is terminal: stop
    /// every loop and, unless we are leaving anyway, tell the host to exit.</summary>
    private void OnDeclaredDead(string reason)
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return;
        }

        CancelLoops();
        if (_leaving)
        {
            Log.DeclaredDeadWhileLeaving(_logger, LocalSilo, reason);
            return;
        }

        Log.Killed(_logger, LocalSilo, reason);
        var handlers = Killed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<string>>())
        {
            try
            {
                handler(reason);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, nameof(Killed), ex);
            }
        }
    }
}
