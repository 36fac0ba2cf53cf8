using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>The brief C5 decision rules when Register returns someone else's entry.</summary>
public sealed class DirectoryDecisionTests
{
    private static readonly SiloAddress Me = new("10.0.0.1", 11111, 100);
    private static readonly SiloAddress Other = new("10.0.0.2", 11111, 100);
    private static readonly GrainId Grain = new(new GrainType("room"), "!r:x");
    private static readonly DirectoryDecisionPolicy Policy = new(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(12));

    [Theory]
    [InlineData(SiloStatus.Active)]
    [InlineData(SiloStatus.Joining)]
    public void LiveOwner_Wins_AndWeForwardToIt(SiloStatus status)
    {
        var action = Decide(Entry(Other), Snapshot(10, (Other, status)));

        Assert.Equal(DirectoryActionKind.Forward, action.Kind);
        Assert.Equal(Other, action.ForwardTo);
    }

    [Fact]
    public void EarlierIncarnationOnThisSilo_IsReplacedWithoutLease()
    {
        var previous = Entry(Me);

        var action = Decide(previous, Snapshot(10, (Me, SiloStatus.Active)));

        Assert.Equal(DirectoryActionKind.Retry, action.Kind);
        Assert.Equal(previous, action.ExpectedPrevious);
        Assert.Null(action.RequiredLease);
    }

    [Fact]
    public void DeadOwner_IsReplaced_OnlyAfterItsLease()
    {
        var stale = Entry(Other);

        var action = Decide(stale, Snapshot(10, (Other, SiloStatus.Dead)));

        Assert.Equal(DirectoryActionKind.Retry, action.Kind);
        Assert.Equal(stale, action.ExpectedPrevious);
        Assert.Equal(Policy.LeaseTimeout, action.RequiredLease);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(4, 1600)]
    [InlineData(5, 2000)]
    [InlineData(30, 2000)]
    public void ShuttingDownOwner_IsWaitedFor_WithExponentialBackoff(int waits, int expectedMs)
    {
        var action = DirectoryDecision.Decide(Entry(Other), Me, Snapshot(10, (Other, SiloStatus.ShuttingDown)), Policy, waits, TimeSpan.FromSeconds(1));

        Assert.Equal(DirectoryActionKind.Wait, action.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), action.Delay);
    }

    [Fact]
    public void ShuttingDownOwner_LastWait_IsClampedToTheBound()
    {
        var action = DirectoryDecision.Decide(Entry(Other), Me, Snapshot(10, (Other, SiloStatus.ShuttingDown)), Policy, 10, Policy.ShutdownWaitLimit - TimeSpan.FromMilliseconds(300));

        Assert.Equal(TimeSpan.FromMilliseconds(300), action.Delay);
    }

    [Fact]
    public void ShuttingDownOwner_PastTheBound_FallsBackToTheLeaseCheck()
    {
        var entry = Entry(Other);

        var action = DirectoryDecision.Decide(entry, Me, Snapshot(10, (Other, SiloStatus.ShuttingDown)), Policy, 12, Policy.ShutdownWaitLimit);

        Assert.Equal(DirectoryActionKind.Retry, action.Kind);
        Assert.Equal(entry, action.ExpectedPrevious);
        Assert.Equal(Policy.LeaseTimeout, action.RequiredLease);
    }

    [Fact]
    public void UnknownOwner_NewerThanOurView_RefreshesToTheEntrysVersion()
    {
        var action = Decide(Entry(Other, version: 15), Snapshot(10, (Me, SiloStatus.Active)));

        Assert.Equal(DirectoryActionKind.Refresh, action.Kind);
        Assert.Equal(15, action.MinVersion);
    }

    [Fact]
    public void UnknownOwner_WhenOurViewIsNotOlder_WasCleanedUp_SoItWasDead()
    {
        var entry = Entry(Other, version: 15);

        var action = Decide(entry, Snapshot(15, (Me, SiloStatus.Active)));

        Assert.Equal(DirectoryActionKind.Retry, action.Kind);
        Assert.Equal(Policy.LeaseTimeout, action.RequiredLease);
    }

    private static DirectoryAction Decide(GrainAddress current, MembershipSnapshot snapshot) => DirectoryDecision.Decide(current, Me, snapshot, Policy);

    private static GrainAddress Entry(SiloAddress silo, long version = 5) => new(Grain, silo, 77, version);

    private static MembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members)
        => new(
            version,
            members.ToDictionary(m => m.Silo, m => new MemberRecord(m.Silo, "s", 80, m.Status, 0, 0, null, [], 6000)),
            members.ToDictionary(m => m.Silo, _ => 0L),
            0);
}
