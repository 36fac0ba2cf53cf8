using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>The contract suite against <see cref="InMemoryMembershipTable"/> with a manual clock.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    private readonly ManualTimeProvider _clock = new();
    private InMemoryMembershipTable? _table;

    [Fact]
    public async Task IsUnavailable_MakesEveryCallThrow_UntilCleared()
    {
        var a = Silo(1);
        await JoinActiveAsync(a);
        _table!.IsUnavailable = true;

        await Assert.ThrowsAsync<TimeoutException>(() => Table.HeartbeatAsync(a, default));
        await Assert.ThrowsAsync<TimeoutException>(() => Table.ReadAllAsync(default));

        _table.IsUnavailable = false;
        Assert.False((await Table.HeartbeatAsync(a, default)).IsDead);
    }

    [Fact]
    public async Task TryGetLastAliveMs_ReportsTheLastHeartbeat()
    {
        var a = Silo(1);
        await Table.JoinAsync(Record(a), default);
        _clock.Advance(TimeSpan.FromSeconds(3));

        var heartbeat = await Table.HeartbeatAsync(a, default);

        Assert.True(_table!.TryGetLastAliveMs(a, out var alive));
        Assert.Equal(heartbeat.ServerTimeMs, alive);
        Assert.Equal(_table.NowMs, alive);
        Assert.False(_table.TryGetLastAliveMs(Silo(2), out _));
    }

    protected override Task<IMembershipTable> CreateTableAsync()
    {
        _table = new InMemoryMembershipTable(_clock);
        return Task.FromResult<IMembershipTable>(_table);
    }

    protected override Task PassTimeAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    protected override Task SubscribeAsync(Action<long> onVersion)
    {
        _table!.VersionPublished += onVersion;
        return Task.CompletedTask;
    }
}
