using System.Diagnostics;
using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>The registration loop over the in-memory directory and table, on the real clock with short leases.</summary>
public sealed class DirectoryRegistrarTests
{
    private static readonly GrainId Grain = new(new GrainType("room"), "!r:x");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly InMemoryMembershipTable _table = new();
    private readonly InMemoryGrainDirectory _directory;
    private readonly StaticMembership _membership = new();
    private readonly DirectoryDecisionPolicy _policy = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600));
    private readonly long _generation = SiloAddress.NewGeneration();

    public DirectoryRegistrarTests()
    {
        _directory = new InMemoryGrainDirectory(_table);
    }

    [Fact]
    public async Task WinsAtOnce_WhenTheGrainHasNoEntry()
    {
        var mine = Address(Silo(1));

        Assert.Equal(mine, await RegisterAsync(mine));
    }

    [Fact]
    public async Task LosesToALiveOwner()
    {
        var owner = await JoinAsync(Silo(2), SiloStatus.Active);
        var theirs = Address(owner);
        await _directory.RegisterAsync(theirs, null, null, default);

        Assert.Equal(theirs, await RegisterAsync(Address(Silo(1))));
    }

    [Fact]
    public async Task TakesOverADeadOwnersEntry_AfterItsLease()
    {
        var dead = await JoinAsync(Silo(2), SiloStatus.Dead);
        await _directory.RegisterAsync(Address(dead), null, null, default);
        var mine = Address(Silo(1));
        var elapsed = Stopwatch.StartNew();

        Assert.Equal(mine, await RegisterAsync(mine));

        Assert.True(_table.TryGetLastAliveMs(dead, out var alive));
        Assert.True(_table.NowMs >= alive + 300, "took over before the dead silo's lease ran out");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2), $"took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task WaitsForAShuttingDownOwner_AndWinsOnceItUnregisters()
    {
        var leaving = await JoinAsync(Silo(2), SiloStatus.ShuttingDown);
        var theirs = Address(leaving);
        await _directory.RegisterAsync(theirs, null, null, default);
        var mine = Address(Silo(1));

        var registering = RegisterAsync(mine);
        await Task.Delay(50);
        Assert.False(registering.IsCompleted, "must not take over from a silo that is still deactivating");
        await _directory.UnregisterAsync(theirs, default);

        Assert.Equal(mine, await registering);
    }

    [Fact]
    public async Task ShuttingDownOwnerThatNeverUnregisters_IsTakenOver_AfterTheBoundAndTheLease()
    {
        var stuck = await JoinAsync(Silo(2), SiloStatus.ShuttingDown);
        await _directory.RegisterAsync(Address(stuck), null, null, default);
        var mine = Address(Silo(1));
        var elapsed = Stopwatch.StartNew();

        Assert.Equal(mine, await RegisterAsync(mine));

        // Timer expiry can round a few milliseconds early; what matters is that it waited out the bound, not 0.
        Assert.True(elapsed.Elapsed >= _policy.ShutdownWaitLimit - TimeSpan.FromMilliseconds(25), $"gave up waiting after only {elapsed.Elapsed}");
    }

    [Fact]
    public async Task RefreshesMembership_WhenTheOwnerIsNewerThanItsView()
    {
        var newcomer = Silo(2);
        var theirs = Address(newcomer) with { MembershipVersion = 7 };
        await _directory.RegisterAsync(theirs, null, null, default);
        _membership.OnRefresh = () => _membership.Current = Snapshot(7, (newcomer, SiloStatus.Active));

        Assert.Equal(theirs, await RegisterAsync(Address(Silo(1))));
        Assert.Equal(7, _membership.RefreshedTo);
    }

    private Task<GrainAddress> RegisterAsync(GrainAddress address)
        => DirectoryRegistrar.RegisterAsync(_directory, _membership, address, _policy, Timeout, null, default);

    private async Task<SiloAddress> JoinAsync(SiloAddress silo, SiloStatus status)
    {
        await _table.JoinAsync(new MemberRecord(silo, "s", 80, SiloStatus.Joining, 0, 0, null, [], 300), default);
        if (status != SiloStatus.Joining)
        {
            await _table.SetStatusAsync(silo, status, default);
        }

        _membership.Current = await _table.ReadAllAsync(default);
        return silo;
    }

    private SiloAddress Silo(int n) => new("10.0.2.1", 11000 + n, _generation);

    private static GrainAddress Address(SiloAddress silo) => new(Grain, silo, (ulong)Random.Shared.NextInt64(1, long.MaxValue), 1);

    private static MembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members)
        => new(
            version,
            members.ToDictionary(m => m.Silo, m => new MemberRecord(m.Silo, "s", 80, m.Status, 0, 0, null, [], 300)),
            members.ToDictionary(m => m.Silo, _ => 0L),
            0);

    /// <summary>A membership view set by the test.</summary>
    private sealed class StaticMembership : IClusterMembershipService
    {
        public event Action<MembershipSnapshot>? SnapshotChanged;

        public SiloAddress LocalSilo { get; } = new("10.0.2.1", 11001, 1);

        public MembershipSnapshot Current { get; set; } = MembershipSnapshot.Empty;

        public bool HasValidLease => true;

        public TimeSpan LeaseTimeout => TimeSpan.FromMilliseconds(300);

        public Action? OnRefresh { get; set; }

        public long RefreshedTo { get; private set; }

        public Task RefreshAsync(long minVersion, CancellationToken cancellationToken)
        {
            RefreshedTo = minVersion;
            OnRefresh?.Invoke();
            SnapshotChanged?.Invoke(Current);
            return Task.CompletedTask;
        }
    }
}
