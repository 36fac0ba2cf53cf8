namespace ClawChat.Runtime.Cluster.Membership;

public readonly record struct HeartbeatResult(bool IsDead, long TableVersion, long ServerTimeMs);

public readonly record struct SuspectResult(bool DeclaredDead, int FreshVotes, int VotesNeeded, long TableVersion);

/// <summary>How death votes are counted: need = min(MaxVotes, ceil(activeNonStale / 2)).</summary>
public readonly record struct VotePolicy(int MaxVotes, TimeSpan VoteExpiry, TimeSpan StaleAfter);

/// <summary>The membership table (Redis in production, in-memory for tests). Every mutation is atomic
/// and bumps the version (heartbeats excepted); the clock is the table's own (Redis TIME).</summary>
public interface IMembershipTable
{
    Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts <paramref name="self"/> as Joining; fails if the address already exists.</summary>
    Task<MembershipSnapshot> JoinAsync(MemberRecord self, CancellationToken cancellationToken);

    /// <summary>Forward-only status change; false when the row is missing, Dead, or the move is backwards.</summary>
    Task<bool> SetStatusAsync(SiloAddress self, SiloStatus status, CancellationToken cancellationToken);

    /// <summary>Renews the lease; IsDead when the row is missing or Dead (the caller must stop).</summary>
    Task<HeartbeatResult> HeartbeatAsync(SiloAddress self, CancellationToken cancellationToken);

    /// <summary>Records a death vote (and the intermediary's, for an indirect probe); declares Dead when enough fresh votes exist.</summary>
    Task<SuspectResult> SuspectAsync(SiloAddress target, SiloAddress voter, SiloAddress? intermediary, VotePolicy policy, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows older than <paramref name="deadOlderThan"/>.</summary>
    Task CleanupAsync(TimeSpan deadOlderThan, CancellationToken cancellationToken);
}
