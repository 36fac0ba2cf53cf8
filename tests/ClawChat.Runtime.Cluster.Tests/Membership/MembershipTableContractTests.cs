using System.Collections.Concurrent;
using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>
/// The behaviour every <see cref="IMembershipTable"/> must have (brief C4 scripts), run against the
/// in-memory table (fake clock) and real Redis (its TIME). Time-dependent cases use short windows
/// (hundreds of ms) and <see cref="PassTimeAsync"/>, which advances the fake clock or waits out the real one.
/// </summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan ShortWindow = TimeSpan.FromMilliseconds(300);

    private static readonly VotePolicy LongLived = new(MaxVotes: 2, VoteExpiry: TimeSpan.FromMinutes(1), StaleAfter: TimeSpan.FromMinutes(1));

    private readonly long _generationBase = SiloAddress.NewGeneration();

    protected string ClusterId { get; } = "t" + Guid.NewGuid().ToString("N");

    protected IMembershipTable Table { get; private set; } = null!;

    public async Task InitializeAsync() => Table = await CreateTableAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Join_InsertsJoiningRow_StampedWithTableClock()
    {
        var a = Silo(1);
        var snapshot = await Table.JoinAsync(Record(a) with { Status = SiloStatus.Active, StartedAtMs = 5, Suspects = [new SuspectVote(Silo(9), 1)] }, default);

        Assert.Equal(1, snapshot.Version);
        var row = snapshot.Members[a];
        Assert.Equal(SiloStatus.Joining, row.Status);
        Assert.Equal("silo-1", row.Name);
        Assert.Equal(8001, row.HttpPort);
        Assert.Equal(6000, row.LeaseMs);
        Assert.Empty(row.Suspects);
        Assert.Null(row.DeadAtMs);
        Assert.Equal(snapshot.ReadAtMs, row.StartedAtMs);
        Assert.Equal(snapshot.ReadAtMs, row.StatusAtMs);
        Assert.Equal(snapshot.ReadAtMs, snapshot.LastAliveMs[a]);
    }

    [Fact]
    public async Task Join_Throws_WhenAddressAlreadyExists()
    {
        var a = Silo(1);
        await Table.JoinAsync(Record(a), default);

        var error = await Assert.ThrowsAsync<SiloAlreadyExistsException>(() => Table.JoinAsync(Record(a), default));

        Assert.Equal(a, error.Silo);
        Assert.Equal(1, (await Table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task Join_ReturnsEveryMemberAndHeartbeat()
    {
        await JoinActiveAsync(Silo(1));
        var snapshot = await Table.JoinAsync(Record(Silo(2)), default);

        Assert.Equal([Silo(1), Silo(2)], snapshot.Members.Keys.OrderBy(s => s.ToString(), StringComparer.Ordinal));
        Assert.Equal(2, snapshot.LastAliveMs.Count);
        Assert.Equal(SiloStatus.Active, snapshot.StatusOf(Silo(1)));
        Assert.Equal([Silo(1)], snapshot.ActiveSilos);
    }

    [Fact]
    public async Task ReadAll_OfEmptyTable_IsVersionZero()
    {
        var snapshot = await Table.ReadAllAsync(default);

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Members);
        Assert.True(snapshot.ReadAtMs > 0);
    }

    [Fact]
    public async Task SetStatus_MovesForwardThroughEveryStatus_BumpingTheVersion()
    {
        var a = Silo(1);
        await Table.JoinAsync(Record(a), default);

        foreach (var (status, version) in new[] { (SiloStatus.Active, 2L), (SiloStatus.ShuttingDown, 3L), (SiloStatus.Dead, 4L) })
        {
            Assert.True(await Table.SetStatusAsync(a, status, default), $"move to {status}");
            var snapshot = await Table.ReadAllAsync(default);
            Assert.Equal(status, snapshot.StatusOf(a));
            Assert.Equal(version, snapshot.Version);
        }
    }

    [Theory]
    [InlineData(SiloStatus.Active, SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown, SiloStatus.Active)]
    [InlineData(SiloStatus.ShuttingDown, SiloStatus.Joining)]
    public async Task SetStatus_RefusesBackwardMoves(SiloStatus from, SiloStatus to)
    {
        var a = Silo(1);
        await Table.JoinAsync(Record(a), default);
        await Table.SetStatusAsync(a, from, default);
        var before = await Table.ReadAllAsync(default);

        Assert.False(await Table.SetStatusAsync(a, to, default));

        var after = await Table.ReadAllAsync(default);
        Assert.Equal(from, after.StatusOf(a));
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task SetStatus_RefusesMissingRow()
    {
        Assert.False(await Table.SetStatusAsync(Silo(1), SiloStatus.Active, default));
        Assert.Empty((await Table.ReadAllAsync(default)).Members);
    }

    [Theory]
    [InlineData(SiloStatus.Active)]
    [InlineData(SiloStatus.Dead)]
    public async Task SetStatus_RefusesDeadRow(SiloStatus to)
    {
        var a = Silo(1);
        await Table.JoinAsync(Record(a), default);
        await Table.SetStatusAsync(a, SiloStatus.Dead, default);

        Assert.False(await Table.SetStatusAsync(a, to, default));
    }

    [Fact]
    public async Task SetStatus_ToSameStatus_SucceedsWithoutNewVersion()
    {
        var a = Silo(1);
        await JoinActiveAsync(a);
        var before = await Table.ReadAllAsync(default);

        Assert.True(await Table.SetStatusAsync(a, SiloStatus.Active, default));

        Assert.Equal(before.Version, (await Table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task SetStatus_Dead_RecordsDeathTime()
    {
        var a = Silo(1);
        await JoinActiveAsync(a);
        await PassTimeAsync(TimeSpan.FromMilliseconds(20));

        await Table.SetStatusAsync(a, SiloStatus.Dead, default);

        var row = (await Table.ReadAllAsync(default)).Members[a];
        Assert.NotNull(row.DeadAtMs);
        Assert.Equal(row.StatusAtMs, row.DeadAtMs);
        Assert.True(row.DeadAtMs > row.StartedAtMs);
    }

    [Fact]
    public async Task Heartbeat_RenewsAliveWithoutBumpingVersion()
    {
        var a = Silo(1);
        var joined = await Table.JoinAsync(Record(a), default);
        await PassTimeAsync(TimeSpan.FromMilliseconds(20));

        var result = await Table.HeartbeatAsync(a, default);

        Assert.False(result.IsDead);
        Assert.Equal(joined.Version, result.TableVersion);
        Assert.True(result.ServerTimeMs > joined.LastAliveMs[a]);
        var snapshot = await Table.ReadAllAsync(default);
        Assert.Equal(result.ServerTimeMs, snapshot.LastAliveMs[a]);
        Assert.Equal(joined.Version, snapshot.Version);
    }

    [Fact]
    public async Task Heartbeat_ReturnsTheCurrentTableVersion()
    {
        var a = Silo(1);
        await Table.JoinAsync(Record(a), default);
        await JoinActiveAsync(Silo(2));

        var result = await Table.HeartbeatAsync(a, default);

        Assert.Equal((await Table.ReadAllAsync(default)).Version, result.TableVersion);
    }

    [Fact]
    public async Task Heartbeat_ReportsDead_WhenRowMissing()
    {
        var result = await Table.HeartbeatAsync(Silo(1), default);

        Assert.True(result.IsDead);
        Assert.Empty((await Table.ReadAllAsync(default)).LastAliveMs);
    }

    [Fact]
    public async Task Heartbeat_ReportsDead_AndDoesNotRenew_WhenRowDead()
    {
        var a = Silo(1);
        await JoinActiveAsync(a);
        await Table.SetStatusAsync(a, SiloStatus.Dead, default);
        var aliveBefore = (await Table.ReadAllAsync(default)).LastAliveMs[a];
        await PassTimeAsync(TimeSpan.FromMilliseconds(20));

        var result = await Table.HeartbeatAsync(a, default);

        Assert.True(result.IsDead);
        Assert.Equal(aliveBefore, (await Table.ReadAllAsync(default)).LastAliveMs[a]);
    }

    [Fact]
    public async Task Suspect_InTwoSiloCluster_OneVoteKills()
    {
        var (a, b) = (Silo(1), Silo(2));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);

        var result = await Table.SuspectAsync(b, a, null, LongLived, default);

        Assert.True(result.DeclaredDead);
        Assert.Equal(1, result.VotesNeeded);
        Assert.Equal(1, result.FreshVotes);
        var snapshot = await Table.ReadAllAsync(default);
        Assert.Equal(result.TableVersion, snapshot.Version);
        var row = snapshot.Members[b];
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(row.StatusAtMs, row.DeadAtMs);
        Assert.Equal(a, Assert.Single(row.Suspects).By);
    }

    [Fact]
    public async Task Suspect_InThreeSiloCluster_NeedsTwoVoters()
    {
        var (a, b, c) = (Silo(1), Silo(2), Silo(3));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);

        var first = await Table.SuspectAsync(c, a, null, LongLived, default);

        Assert.False(first.DeclaredDead);
        Assert.Equal((1, 2), (first.FreshVotes, first.VotesNeeded));
        var afterFirst = await Table.ReadAllAsync(default);
        Assert.Equal(SiloStatus.Active, afterFirst.StatusOf(c));
        Assert.Equal(first.TableVersion, afterFirst.Version);

        var second = await Table.SuspectAsync(c, b, null, LongLived, default);

        Assert.True(second.DeclaredDead);
        Assert.Equal(SiloStatus.Dead, (await Table.ReadAllAsync(default)).StatusOf(c));
    }

    [Fact]
    public async Task Suspect_CountsTheIntermediaryOfAFailedIndirectProbe()
    {
        var (a, b, c) = (Silo(1), Silo(2), Silo(3));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);

        var result = await Table.SuspectAsync(c, a, b, LongLived, default);

        Assert.True(result.DeclaredDead);
        Assert.Equal(2, result.FreshVotes);
        Assert.Equal([a, b], (await Table.ReadAllAsync(default)).Members[c].Suspects.Select(v => v.By).Order(SiloOrder));
    }

    [Fact]
    public async Task Suspect_SameVoterTwice_CountsOnce()
    {
        var (a, b, c) = (Silo(1), Silo(2), Silo(3));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);

        await Table.SuspectAsync(c, a, null, LongLived, default);
        var again = await Table.SuspectAsync(c, a, a, LongLived, default);

        Assert.False(again.DeclaredDead);
        Assert.Equal(1, again.FreshVotes);
        Assert.Single((await Table.ReadAllAsync(default)).Members[c].Suspects);
    }

    [Fact]
    public async Task Suspect_ExpiredVotesDoNotCount()
    {
        var (a, b, c) = (Silo(1), Silo(2), Silo(3));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);
        var policy = LongLived with { VoteExpiry = ShortWindow };
        await Table.SuspectAsync(c, a, null, policy, default);

        await PassTimeAsync(ShortWindow + TimeSpan.FromMilliseconds(100));
        var second = await Table.SuspectAsync(c, b, null, policy, default);

        Assert.False(second.DeclaredDead);
        Assert.Equal(1, second.FreshVotes);
        Assert.Equal(b, Assert.Single((await Table.ReadAllAsync(default)).Members[c].Suspects).By);
    }

    [Fact]
    public async Task Suspect_StaleSilosAreNotCountedForTheVotesNeeded()
    {
        // Four Active rows, but c and d stopped heartbeating (a total restart leaves such rows): only
        // a and b count, so need = min(2, ceil(2/2)) = 1 and one vote kills.
        var (a, b, c, d) = (Silo(1), Silo(2), Silo(3), Silo(4));
        await JoinActiveAsync(c);
        await JoinActiveAsync(d);
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        var policy = LongLived with { StaleAfter = ShortWindow };

        await PassTimeAsync(ShortWindow + TimeSpan.FromMilliseconds(100));
        await Table.HeartbeatAsync(a, default);
        await Table.HeartbeatAsync(b, default);
        var result = await Table.SuspectAsync(c, a, null, policy, default);

        Assert.True(result.DeclaredDead);
        Assert.Equal(1, result.VotesNeeded);
    }

    [Fact]
    public async Task Suspect_WithFreshSilos_NeedsMaxVotes()
    {
        var (a, b, c, d) = (Silo(1), Silo(2), Silo(3), Silo(4));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);
        await JoinActiveAsync(d);

        var result = await Table.SuspectAsync(c, a, null, LongLived with { MaxVotes = 3 }, default);

        Assert.Equal(2, result.VotesNeeded);
        Assert.False(result.DeclaredDead);
    }

    [Fact]
    public async Task Suspect_VotesOfDeadOrUnknownSilosAreIgnored()
    {
        var (a, b, c) = (Silo(1), Silo(2), Silo(3));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);
        await Table.SetStatusAsync(a, SiloStatus.Dead, default);

        var result = await Table.SuspectAsync(c, a, Silo(7), LongLived, default);

        Assert.False(result.DeclaredDead);
        Assert.Equal(0, result.FreshVotes);
        Assert.Empty((await Table.ReadAllAsync(default)).Members[c].Suspects);
    }

    [Fact]
    public async Task Suspect_OfDeadSilo_ReportsDeadWithoutChange()
    {
        var (a, b) = (Silo(1), Silo(2));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await Table.SetStatusAsync(b, SiloStatus.Dead, default);
        var before = await Table.ReadAllAsync(default);

        var result = await Table.SuspectAsync(b, a, null, LongLived, default);

        Assert.True(result.DeclaredDead);
        Assert.Equal(before.Version, result.TableVersion);
        Assert.Equal(before.Version, (await Table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task Suspect_OfUnknownSilo_ChangesNothing()
    {
        var a = Silo(1);
        await JoinActiveAsync(a);

        var result = await Table.SuspectAsync(Silo(5), a, null, LongLived, default);

        Assert.False(result.DeclaredDead);
        var snapshot = await Table.ReadAllAsync(default);
        Assert.Single(snapshot.Members);
        Assert.Equal(result.TableVersion, snapshot.Version);
    }

    [Fact]
    public async Task Mutations_PublishTheirVersion_IncludingDeath()
    {
        var published = new ConcurrentQueue<long>();
        await SubscribeAsync(published.Enqueue);
        var (a, b) = (Silo(1), Silo(2));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);

        var death = await Table.SuspectAsync(b, a, null, LongLived, default);

        Assert.True(death.DeclaredDead);
        await Eventually.WaitUntilAsync(() => published.Contains(death.TableVersion), TimeSpan.FromSeconds(5), $"version {death.TableVersion} (death of {b}) published");
        Assert.Equal([1L, 2, 3, 4, 5], published.Order());
    }

    [Fact]
    public async Task Cleanup_RemovesOnlyRowsDeadLongerThanTheCutoff()
    {
        var (a, b, c) = (Silo(1), Silo(2), Silo(3));
        await JoinActiveAsync(a);
        await JoinActiveAsync(b);
        await JoinActiveAsync(c);
        await Table.SetStatusAsync(a, SiloStatus.Dead, default);
        await PassTimeAsync(ShortWindow + TimeSpan.FromMilliseconds(100));
        await Table.SetStatusAsync(c, SiloStatus.Dead, default);
        var before = await Table.ReadAllAsync(default);

        await Table.CleanupAsync(ShortWindow, default);

        var after = await Table.ReadAllAsync(default);
        Assert.Equal([b, c], after.Members.Keys.Order(SiloOrder));
        Assert.False(after.LastAliveMs.ContainsKey(a));
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public async Task Cleanup_WithNothingToRemove_KeepsTheVersion()
    {
        await JoinActiveAsync(Silo(1));
        var before = await Table.ReadAllAsync(default);

        await Table.CleanupAsync(TimeSpan.Zero, default);

        Assert.Equal(before.Version, (await Table.ReadAllAsync(default)).Version);
        Assert.Single((await Table.ReadAllAsync(default)).Members);
    }

    protected static IComparer<SiloAddress> SiloOrder { get; } = Comparer<SiloAddress>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));

    protected abstract Task<IMembershipTable> CreateTableAsync();

    /// <summary>Lets at least <paramref name="duration"/> pass on the table's clock.</summary>
    protected abstract Task PassTimeAsync(TimeSpan duration);

    /// <summary>Delivers every version the table publishes to <paramref name="onVersion"/>.</summary>
    protected abstract Task SubscribeAsync(Action<long> onVersion);

    protected SiloAddress Silo(int n) => new($"10.0.0.{n}", 11111, _generationBase + n);

    protected static MemberRecord Record(SiloAddress silo)
    {
        var n = silo.Host[(silo.Host.LastIndexOf('.') + 1)..];
        return new MemberRecord(silo, $"silo-{n}", 8000 + int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), SiloStatus.Joining, 0, 0, null, [], 6000);
    }

    protected async Task JoinActiveAsync(SiloAddress silo)
    {
        await Table.JoinAsync(Record(silo), default);
        Assert.True(await Table.SetStatusAsync(silo, SiloStatus.Active, default));
    }
}
