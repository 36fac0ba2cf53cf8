using ClawChat.Runtime.Cluster.Directory;
using ClawChat.Runtime.Cluster.Membership;
using ClawChat.Runtime.Cluster.Tests.Membership;

namespace ClawChat.Runtime.Cluster.Tests.Directory;

/// <summary>The contract suite against real Redis (<c>CLAWCHAT_TEST_REDIS</c>), plus the stored entry format (brief C5).</summary>
public sealed class RedisGrainDirectoryTests : GrainDirectoryContractTests, IClassFixture<RedisTestServer>
{
    private readonly RedisTestServer _redis;

    public RedisGrainDirectoryTests(RedisTestServer redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task StoresTheEntryAsSiloActivationAndVersion()
    {
        var grain = Grain("!room:example.org");
        var address = Address(grain, Silo(1), version: 17);

        await Directory.RegisterAsync(address, null, null, default);

        var stored = (await _redis.Client.ExecuteAsync("GET", $"mx:{{{ClusterId}}}:dir:room/!room:example.org")).AsString();
        Assert.Equal($"{address.Silo}|{address.ActivationId}|17", stored);
    }

    [Fact]
    public async Task Lookup_OfMalformedEntry_IsNull()
    {
        var grain = Grain("!bad:x");
        await _redis.Client.ExecuteAsync("SET", $"mx:{{{ClusterId}}}:dir:room/!bad:x", "garbage");

        Assert.Null(await Directory.LookupAsync(grain, default));
    }

    public override Task DisposeAsync() => _redis.DeleteClusterAsync(ClusterId);

    protected override Task<(IGrainDirectory Directory, IMembershipTable Membership)> CreateAsync()
        => Task.FromResult<(IGrainDirectory, IMembershipTable)>(
            (new RedisGrainDirectory(_redis.Client, ClusterId), new RedisMembershipTable(_redis.Client, ClusterId)));

    protected override Task PassTimeAsync(TimeSpan duration) => Task.Delay(duration);

    protected override async Task AssertLeaseElapsedAsync(long heartbeatMs, TimeSpan wallClockElapsed)
    {
        var now = (await _redis.Client.TimeAsync()).ToUnixTimeMilliseconds();
        Assert.True(now >= heartbeatMs + (long)LeaseUsed.TotalMilliseconds, $"Redis TIME {now} is past heartbeat {heartbeatMs} + lease");
        Assert.True(wallClockElapsed < TimeSpan.FromSeconds(3), $"the takeover took {wallClockElapsed}");
    }
}
