namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Whether a silo that lost its lease stops running grain turns.</summary>
public enum FencingMode
{
    /// <summary>Default: no grain turns without a valid lease.</summary>
    Strict,

    /// <summary>Orleans-style: keep serving; only storage ETags protect state.</summary>
    Off,
}

/// <summary>Membership timings (section <c>ClawChat:Cluster:Membership</c>; brief C4 defaults).</summary>
public sealed class MembershipOptions
{
    // A dead silo's grains are taken over only once its lease ran out, so lease length bounds failover:
    // 1 s heartbeats and a 4 s lease give ≈ 3–4.5 s from kill -9 to takeover (brief C4 used 2 s / 6 s).
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public int MissedProbesLimit { get; set; } = 3;

    public int MaxVotesForDeath { get; set; } = 2;

    public TimeSpan VoteExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A member whose last heartbeat is older than this is stale: skipped at join, not counted for votes.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Give up joining when an Active, non-stale member stays unreachable this long.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan DeadRowRetention { get; set; } = TimeSpan.FromHours(24);

    public FencingMode Fencing { get; set; } = FencingMode.Strict;
}
