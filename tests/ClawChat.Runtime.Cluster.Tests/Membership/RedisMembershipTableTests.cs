using System.Text.Json;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Redis.PubSub;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>The contract suite against real Redis (<c>CLAWCHAT_TEST_REDIS</c>), plus the stored layout
/// the brief fixes (C4 key table and record format) so tools can read it.</summary>
public sealed class RedisMembershipTableTests : MembershipTableContractTests, IClassFixture<RedisTestServer>
{
    private readonly RedisTestServer _redis;
    private RedisSubscriber? _subscriber;

    public RedisMembershipTableTests(RedisTestServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task StoresTheBriefsKeyLayoutAndRecordFormat()
    {
        var a = Silo(1);
        await JoinActiveAsync(a);
        var client = _redis.Client;

        Assert.Equal("2", (await client.ExecuteAsync("HGET", $"mx:{{{ClusterId}}}:members", "ver")).AsString());
        using var record = JsonDocument.Parse((await client.ExecuteAsync("HGET", $"mx:{{{ClusterId}}}:members", a.ToString())).AsString()!);
        var root = record.RootElement;
        Assert.Equal(a.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("Active", root.GetProperty("status").GetString());
        Assert.Equal("silo-1", root.GetProperty("name").GetString());
        Assert.Equal(11111, root.GetProperty("siloPort").GetInt32());
        Assert.Equal(8001, root.GetProperty("httpPort").GetInt32());
        Assert.Equal(6000, root.GetProperty("leaseMs").GetInt64());
        Assert.True(root.GetProperty("statusAt").GetInt64() >= root.GetProperty("startedAt").GetInt64());
        var alive = (await client.ExecuteAsync("HGET", $"mx:{{{ClusterId}}}:alive", a.ToString())).AsInt64();
        Assert.Equal(root.GetProperty("startedAt").GetInt64(), alive);
    }

    [Fact]
    public async Task TimesComeFromRedisTime()
    {
        var before = (await _redis.Client.TimeAsync()).ToUnixTimeMilliseconds();

        var snapshot = await Table.JoinAsync(Record(Silo(1)), default);

        var after = (await _redis.Client.TimeAsync()).ToUnixTimeMilliseconds();
        Assert.InRange(snapshot.ReadAtMs, before, after);
    }

    [Fact]
    public async Task ReadAll_SkipsACorruptRow()
    {
        await JoinActiveAsync(Silo(1));
        await _redis.Client.ExecuteAsync("HSET", $"mx:{{{ClusterId}}}:members", Silo(2).ToString(), "{not json");

        var snapshot = await Table.ReadAllAsync(default);

        Assert.Equal([Silo(1)], snapshot.Members.Keys);
        Assert.False(await Table.SetStatusAsync(Silo(2), SiloStatus.Active, default));
    }

    public override async Task DisposeAsync()
    {
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }

        await _redis.DeleteClusterAsync(ClusterId);
    }

    protected override Task<IMembershipTable> CreateTableAsync()
        => Task.FromResult<IMembershipTable>(new RedisMembershipTable(_redis.Client, ClusterId));

    protected override Task PassTimeAsync(TimeSpan duration) => Task.Delay(duration);

    protected override async Task SubscribeAsync(Action<long> onVersion)
    {
        var table = (RedisMembershipTable)Table;
        table.VersionPublished += onVersion;
        _subscriber = await _redis.CreateSubscriberAsync();
        await table.SubscribeAsync(_subscriber, default);
    }
}
