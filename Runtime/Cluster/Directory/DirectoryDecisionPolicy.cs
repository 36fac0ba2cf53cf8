namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>Timings of the C5 decision rules.</summary>
/// <param name="LeaseTimeout">The lease a dead silo honours (<c>MembershipOptions.LeaseTimeout</c>): its
/// entries may be replaced only after its last heartbeat plus this (rule 3).</param>
/// <param name="ShutdownWaitLimit">How long to wait for a ShuttingDown silo's entry to disappear before
/// falling back to rule 3 (brief: DeactivationTimeout + 2 s).</param>
public sealed record DirectoryDecisionPolicy(TimeSpan LeaseTimeout, TimeSpan ShutdownWaitLimit)
{
    /// <summary>First wait for a ShuttingDown silo (rule 4); doubles each time.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the rule 4 backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);
}
