namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>A vote that a silo is dead, by a voter, at a Redis-clock time.</summary>
public sealed record SuspectVote(SiloAddress By, long AtMs);

/// <summary>One row of the membership table (brief C4). Times are Redis server time in ms.</summary>
public sealed record MemberRecord(
    SiloAddress Address,
    string Name,
    int HttpPort,
    SiloStatus Status,
    long StartedAtMs,
    long StatusAtMs,
    long? DeadAtMs,
    IReadOnlyList<SuspectVote> Suspects,
    long LeaseMs);
