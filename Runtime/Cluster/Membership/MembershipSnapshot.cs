namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>An immutable view of the membership table. Versions strictly increase; consumers ignore
/// snapshots older than the one they hold (Orleans' ordered views).</summary>
public sealed record MembershipSnapshot(
    long Version,
    IReadOnlyDictionary<SiloAddress, MemberRecord> Members,
    IReadOnlyDictionary<SiloAddress, long> LastAliveMs,
    long ReadAtMs)
{
    public static MembershipSnapshot Empty { get; } = new(0, new Dictionary<SiloAddress, MemberRecord>(), new Dictionary<SiloAddress, long>(), 0);

    public SiloStatus StatusOf(SiloAddress silo) => Members.TryGetValue(silo, out var record) ? record.Status : SiloStatus.None;

    /// <summary>Active silos, ordered by address for determinism.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos => Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .Select(m => m.Address)
        .OrderBy(a => a.ToString(), StringComparer.Ordinal)
        .ToList();
}
