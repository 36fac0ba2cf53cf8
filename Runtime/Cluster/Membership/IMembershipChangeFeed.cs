namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>A table that announces new versions (Redis pub/sub on <c>mx:{c}:events</c>; an in-process
/// event for the in-memory table). It is the fast path only: messages can be lost, so
/// <see cref="MembershipService"/> also refreshes on gossip, on heartbeat replies and periodically (brief C4).</summary>
public interface IMembershipChangeFeed
{
    /// <summary>Raised with the table version written by a mutation. Handlers must be quick (they run on
    /// the pub/sub read loop or inside the mutating call).</summary>
    event Action<long>? VersionPublished;
}
