namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Joining was abandoned: an Active, non-stale member stayed unreachable for
/// <see cref="MembershipOptions.JoinTimeout"/> (we are probably partitioned, brief C4 "Join"), or the
/// table declared this silo Dead while it joined. The row has been marked Dead; start again with a new
/// generation.</summary>
public sealed class MembershipJoinException : Exception
{
    public MembershipJoinException(string message)
        : base(message)
    {
        Unreachable = [];
    }

    public MembershipJoinException(string message, IReadOnlyList<SiloAddress> unreachable)
        : base(message)
    {
        Unreachable = unreachable;
    }

    /// <summary>The members that never answered a probe.</summary>
    public IReadOnlyList<SiloAddress> Unreachable { get; }
}
