using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>Wraps a table but hides its <see cref="IMembershipChangeFeed"/>, as if pub/sub were down,
/// so tests can check the other refresh paths (gossip, heartbeat replies).</summary>
public sealed class FeedlessMembershipTable : IMembershipTable
{
    private readonly IMembershipTable _inner;

    public FeedlessMembershipTable(IMembershipTable inner)
    {
        _inner = inner;
    }

    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken) => _inner.ReadAllAsync(cancellationToken);

    public Task<MembershipSnapshot> JoinAsync(MemberRecord self, CancellationToken cancellationToken) => _inner.JoinAsync(self, cancellationToken);

    public Task<bool> SetStatusAsync(SiloAddress self, SiloStatus status, CancellationToken cancellationToken) => _inner.SetStatusAsync(self, status, cancellationToken);

    public Task<HeartbeatResult> HeartbeatAsync(SiloAddress self, CancellationToken cancellationToken) => _inner.HeartbeatAsync(self, cancellationToken);

    public Task<SuspectResult> SuspectAsync(SiloAddress target, SiloAddress voter, SiloAddress? intermediary, VotePolicy policy, CancellationToken cancellationToken)
        => _inner.SuspectAsync(target, voter, intermediary, policy, cancellationToken);

    public Task CleanupAsync(TimeSpan deadOlderThan, CancellationToken cancellationToken) => _inner.CleanupAsync(deadOlderThan, cancellationToken);
}
