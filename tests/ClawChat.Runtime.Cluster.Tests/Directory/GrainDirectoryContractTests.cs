using System.Diagnostics;
using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Tests.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>
/// The behaviour every <see cref="IGrainDirectory"/> must have (brief C5 register/unregister scripts),
/// run against the in-memory directory (fake clock) and real Redis. The lease cases use a 300 ms lease
/// and wait only as long as the directory's RetryAfter says.
/// </summary>
public abstract class GrainDirectoryContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);
    private static readonly GrainType RoomType = new("room");

    private readonly long _generationBase = SiloAddress.NewGeneration();
    private ulong _nextActivation = (ulong)Random.Shared.NextInt64(1, long.MaxValue / 2);

    protected string ClusterId { get; } = "t" + Guid.NewGuid().ToString("N");

    protected IGrainDirectory Directory { get; private set; } = null!;

    protected IMembershipTable Membership { get; private set; } = null!;

    public async Task InitializeAsync() => (Directory, Membership) = await CreateAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Lookup_OfUnknownGrain_IsNull()
    {
        Assert.Null(await Directory.LookupAsync(Grain("!nobody:x"), default));
    }

    [Fact]
    public async Task Register_WhenAbsent_Wins_AndLookupReturnsTheEntry()
    {
        var mine = Address(Grain("!a:x"), Silo(1), version: 42);

        var (winner, retryAfter) = await Directory.RegisterAsync(mine, null, null, default);

        Assert.Equal(mine, winner);
        Assert.Null(retryAfter);
        Assert.Equal(mine, await Directory.LookupAsync(mine.GrainId, default));
    }

    [Fact]
    public async Task Register_WhenPresent_ReturnsTheExistingEntry()
    {
        var grain = Grain("!a:x");
        var first = Address(grain, Silo(1), version: 7);
        await Directory.RegisterAsync(first, null, null, default);

        var (winner, retryAfter) = await Directory.RegisterAsync(Address(grain, Silo(2)), null, null, default);

        Assert.Equal(first, winner);
        Assert.Null(retryAfter);
        Assert.Equal(first, await Directory.LookupAsync(grain, default));
    }

    [Fact]
    public async Task Register_WithMatchingExpectedPrevious_Replaces()
    {
        var grain = Grain("!a:x");
        var previous = Address(grain, Silo(1));
        await Directory.RegisterAsync(previous, null, null, default);
        var next = Address(grain, Silo(1));

        var (winner, _) = await Directory.RegisterAsync(next, previous, null, default);

        Assert.Equal(next, winner);
        Assert.Equal(next, await Directory.LookupAsync(grain, default));
    }

    [Fact]
    public async Task Register_WithOutdatedExpectedPrevious_ReturnsTheCurrentEntry()
    {
        var grain = Grain("!a:x");
        var outdated = Address(grain, Silo(1));
        await Directory.RegisterAsync(outdated, null, null, default);
        var current = Address(grain, Silo(2));
        await Directory.RegisterAsync(current, outdated, null, default);

        var (winner, retryAfter) = await Directory.RegisterAsync(Address(grain, Silo(3)), outdated, null, default);

        Assert.Equal(current, winner);
        Assert.Null(retryAfter);
    }

    [Fact]
    public async Task Register_WithExpectedPrevious_WinsWhenTheEntryIsAlreadyGone()
    {
        var grain = Grain("!a:x");
        var gone = Address(grain, Silo(1));
        var mine = Address(grain, Silo(2));

        var (winner, _) = await Directory.RegisterAsync(mine, gone, Lease, default);

        Assert.Equal(mine, winner);
    }

    [Fact]
    public async Task Unregister_DeletesOnlyTheNamedActivation()
    {
        var grain = Grain("!a:x");
        var registered = Address(grain, Silo(1));
        await Directory.RegisterAsync(registered, null, null, default);

        Assert.False(await Directory.UnregisterAsync(registered with { ActivationId = registered.ActivationId + 1 }, default));
        Assert.Equal(registered, await Directory.LookupAsync(grain, default));

        Assert.True(await Directory.UnregisterAsync(registered, default));
        Assert.Null(await Directory.LookupAsync(grain, default));
        Assert.False(await Directory.UnregisterAsync(registered, default));
    }

    [Fact]
    public async Task Entries_OfDifferentGrains_AreIndependent()
    {
        var a = Address(Grain("!a:x"), Silo(1));
        var b = Address(new GrainId(new GrainType("user"), "!a:x"), Silo(2));

        await Directory.RegisterAsync(a, null, null, default);
        await Directory.RegisterAsync(b, null, null, default);
        await Directory.UnregisterAsync(a, default);

        Assert.Null(await Directory.LookupAsync(a.GrainId, default));
        Assert.Equal(b, await Directory.LookupAsync(b.GrainId, default));
    }

    [Fact]
    public async Task Takeover_OfAnotherSilosEntry_WaitsUntilItsLeaseExpired()
    {
        var dead = Silo(1);
        await Membership.JoinAsync(Record(dead), default);
        var heartbeat = await Membership.HeartbeatAsync(dead, default);
        var grain = Grain("!a:x");
        var stale = Address(grain, dead);
        await Directory.RegisterAsync(stale, null, null, default);
        var mine = Address(grain, Silo(2));
        var elapsed = Stopwatch.StartNew();

        var (winner, retryAfter) = await Directory.RegisterAsync(mine, stale, Lease, default);

        Assert.Equal(stale, winner);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMilliseconds(1), Lease);

        var attempts = 1;
        while (retryAfter is { } wait)
        {
            Assert.True(attempts++ < 20, "the takeover kept returning RetryAfter");
            await PassTimeAsync(wait);
            (winner, retryAfter) = await Directory.RegisterAsync(mine, stale, Lease, default);
        }

        Assert.Equal(mine, winner);
        Assert.Equal(mine, await Directory.LookupAsync(grain, default));
        await AssertLeaseElapsedAsync(heartbeat.ServerTimeMs, elapsed.Elapsed);
    }

    [Fact]
    public async Task Takeover_OfSiloWithoutHeartbeat_SucceedsAtOnce()
    {
        var grain = Grain("!a:x");
        var orphan = Address(grain, Silo(1));
        await Directory.RegisterAsync(orphan, null, null, default);
        var mine = Address(grain, Silo(2));

        var (winner, retryAfter) = await Directory.RegisterAsync(mine, orphan, Lease, default);

        Assert.Equal(mine, winner);
        Assert.Null(retryAfter);
    }

    [Fact]
    public async Task Takeover_OfOwnSilosEntry_IgnoresTheLease()
    {
        var self = Silo(1);
        await Membership.JoinAsync(Record(self), default);
        var grain = Grain("!a:x");
        var previous = Address(grain, self);
        await Directory.RegisterAsync(previous, null, null, default);
        var next = Address(grain, self);

        var (winner, retryAfter) = await Directory.RegisterAsync(next, previous, Lease, default);

        Assert.Equal(next, winner);
        Assert.Null(retryAfter);
    }

    [Fact]
    public async Task Takeover_WithoutLease_ReplacesAtOnce()
    {
        var other = Silo(1);
        await Membership.JoinAsync(Record(other), default);
        var grain = Grain("!a:x");
        var previous = Address(grain, other);
        await Directory.RegisterAsync(previous, null, null, default);
        var mine = Address(grain, Silo(2));

        var (winner, retryAfter) = await Directory.RegisterAsync(mine, previous, null, default);

        Assert.Equal(mine, winner);
        Assert.Null(retryAfter);
    }

    protected abstract Task<(IGrainDirectory Directory, IMembershipTable Membership)> CreateAsync();

    /// <summary>Lets at least <paramref name="duration"/> pass on the directory's clock.</summary>
    protected abstract Task PassTimeAsync(TimeSpan duration);

    /// <summary>Asserts the takeover happened no earlier than the heartbeat plus the lease.</summary>
    protected abstract Task AssertLeaseElapsedAsync(long heartbeatMs, TimeSpan wallClockElapsed);

    protected static TimeSpan LeaseUsed => Lease;

    protected static GrainId Grain(string key) => new(RoomType, key);

    protected SiloAddress Silo(int n) => new($"10.0.1.{n}", 11111, _generationBase + n);

    protected GrainAddress Address(GrainId grain, SiloAddress silo, long version = 3)
        => new(grain, silo, Interlocked.Increment(ref _nextActivation), version);

    private static MemberRecord Record(SiloAddress silo) => new(silo, "silo", 8008, SiloStatus.Joining, 0, 0, null, [], 6000);
}
