namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Staleness queries over a snapshot (brief C4: a member whose last heartbeat is older than
/// <see cref="MembershipOptions.StaleAfter"/> is skipped at join and not counted for votes).</summary>
public static class MembershipSnapshotExtensions
{
    /// <summary>True when <paramref name="silo"/> has no heartbeat, or its last one was more than
    /// <paramref name="staleAfter"/> before the snapshot was read (both on the table's clock).</summary>
    public static bool IsStale(this MembershipSnapshot snapshot, SiloAddress silo, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return !snapshot.LastAliveMs.TryGetValue(silo, out var aliveMs)
            || snapshot.ReadAtMs - aliveMs > (long)staleAfter.TotalMilliseconds;
    }

    /// <summary>Active members whose heartbeat is fresh, ordered by address.</summary>
    public static IReadOnlyList<SiloAddress> ActiveNonStaleSilos(this MembershipSnapshot snapshot, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.ActiveSilos.Where(s => !snapshot.IsStale(s, staleAfter)).ToList();
    }
}
