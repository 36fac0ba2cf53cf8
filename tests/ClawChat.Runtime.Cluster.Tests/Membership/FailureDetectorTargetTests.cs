using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>Which peers a silo monitors (<see cref="FailureDetector.SelectTargets"/>).</summary>
public sealed class FailureDetectorTargetTests
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);
    private const long Now = 1_800_000_000_000;

    [Fact]
    public void MonitorsActiveAndShuttingDownPeers_NotSelfDeadOrFreshlyJoining()
    {
        var self = Silo(0);
        var snapshot = Snapshot(
            Member(self, SiloStatus.Active),
            Member(Silo(1), SiloStatus.Active),
            Member(Silo(2), SiloStatus.ShuttingDown),
            Member(Silo(3), SiloStatus.Dead),
            Member(Silo(4), SiloStatus.Joining, statusAt: Now - 1_000));

        var targets = FailureDetector.SelectTargets(snapshot, self, JoinTimeout);

        Assert.Equal([Silo(1), Silo(2)], targets.Order(Comparer<SiloAddress>.Create((x, y) => x.Port.CompareTo(y.Port))));
    }

    [Fact]
    public void MonitorsAPeerStuckInJoining_SoACrashedJoinerIsCleanedUp()
    {
        var self = Silo(0);
        var stuck = Silo(1);
        var snapshot = Snapshot(Member(self, SiloStatus.Active), Member(stuck, SiloStatus.Joining, statusAt: Now - (long)(JoinTimeout * 2).TotalMilliseconds - 1));

        Assert.Equal([stuck], FailureDetector.SelectTargets(snapshot, self, JoinTimeout));
    }

    [Fact]
    public void MonitorsAtMostTenPeers_ADifferentSetPerSilo()
    {
        var members = Enumerable.Range(0, 30).Select(i => Member(Silo(i), SiloStatus.Active)).ToArray();
        var snapshot = Snapshot(members);

        var fromA = FailureDetector.SelectTargets(snapshot, Silo(0), JoinTimeout);
        var fromB = FailureDetector.SelectTargets(snapshot, Silo(1), JoinTimeout);

        Assert.Equal(FailureDetector.MaxMonitored, fromA.Count);
        Assert.Equal(FailureDetector.MaxMonitored, fromB.Count);
        Assert.NotEqual(fromA.ToHashSet(), fromB.ToHashSet());

        // Every silo is monitored by someone.
        var monitored = members.SelectMany(m => FailureDetector.SelectTargets(snapshot, m.Address, JoinTimeout)).ToHashSet();
        Assert.Equal(30, monitored.Count);
    }

    private static SiloAddress Silo(int n) => new("10.9.0.1", 20000 + n, 1);

    private static MemberRecord Member(SiloAddress silo, SiloStatus status, long statusAt = Now)
        => new(silo, "s", 80, status, Now - 60_000, statusAt, null, [], 6000);

    private static MembershipSnapshot Snapshot(params MemberRecord[] members)
        => new(5, members.ToDictionary(m => m.Address), members.ToDictionary(m => m.Address, _ => Now), Now);
}
