using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>
/// The brief C5 decision rules, as a pure function: given the entry <c>current</c> that
/// <see cref="IGrainDirectory.RegisterAsync"/> returned instead of ours, and our membership view, what
/// next. No I/O, no clock: the caller keeps the rule 4 wait count and total.
/// </summary>
public static class DirectoryDecision
{
    /// <param name="current">The entry the directory holds (not ours).</param>
    /// <param name="localSilo">This silo.</param>
    /// <param name="snapshot">This silo's current membership view.</param>
    /// <param name="policy">Lease and backoff timings.</param>
    /// <param name="shutdownWaits">How many rule 4 waits were already taken for this registration.</param>
    /// <param name="shutdownWaited">Their total duration.</param>
    public static DirectoryAction Decide(
        GrainAddress current,
        SiloAddress localSilo,
        MembershipSnapshot snapshot,
        DirectoryDecisionPolicy policy,
        int shutdownWaits = 0,
        TimeSpan shutdownWaited = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(policy);

        // Rule 2: an earlier incarnation of the grain on this very silo (it is gone from our catalog, or
        // we would not be registering). No lease: this silo is alive and knows it.
        if (current.Silo == localSilo)
        {
            return DirectoryAction.Retry(current, requiredLease: null);
        }

        switch (snapshot.StatusOf(current.Silo))
        {
            // Rule 1: a live owner wins. A Joining silo cannot register (activation needs Active), so our
            // view is merely behind: treat it as Active. If it does not actually hold the grain it
            // answers NonExistentActivation and the catalog retries with expectedPrevious.
            case SiloStatus.Active:
            case SiloStatus.Joining:
                return DirectoryAction.Forward(current.Silo);

            // Rule 3: Dead is terminal, so a stale view never shows a live silo as Dead. The directory
            // itself enforces TIME ≥ alive + lease, after which the dead silo has fenced itself.
            case SiloStatus.Dead:
                return DirectoryAction.Retry(current, policy.LeaseTimeout);

            // Rule 4: do not take over from a silo that is deactivating gracefully; its activation will
            // unregister shortly. After the bound, fall back to rule 3's lease check.
            case SiloStatus.ShuttingDown:
                if (shutdownWaited >= policy.ShutdownWaitLimit)
                {
                    return DirectoryAction.Retry(current, policy.LeaseTimeout);
                }

                var backoff = Backoff(policy, shutdownWaits);
                var left = policy.ShutdownWaitLimit - shutdownWaited;
                return DirectoryAction.Wait(backoff < left ? backoff : left);

            // Rule 5: the silo is newer than our view. If our view is already at least as new as the entry
            // and still lacks the silo, its row was deleted, and only Dead rows are ever deleted: rule 3.
            default:
                return snapshot.Version < current.MembershipVersion
                    ? DirectoryAction.Refresh(current.MembershipVersion)
                    : DirectoryAction.Retry(current, policy.LeaseTimeout);
        }
    }

    /// <summary>min(MinBackoff × 2^waits, MaxBackoff).</summary>
    public static TimeSpan Backoff(DirectoryDecisionPolicy policy, int waits)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var delay = policy.MinBackoff;
        for (var i = 0; i < waits && delay < policy.MaxBackoff; i++)
        {
            delay *= 2;
        }

        return delay < policy.MaxBackoff ? delay : policy.MaxBackoff;
    }
}
