using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisClientCommandTests : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly RedisServerFixture _fixture;
    private readonly string _prefix = TestKeys.Prefix();
    private RedisClient _client = null!;

    public RedisClientCommandTests(RedisServerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync() => _client = await RedisClient.ConnectAsync(_fixture.Server.Options());

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Set_ThenGet_RoundTripsValue()
    {
        Assert.True(await _client.SetAsync(_prefix + "k", "värde"));

        Assert.Equal("värde", await _client.GetAsync(_prefix + "k"));
    }

    [Fact]
    public async Task Get_ReturnsNull_ForMissingKey()
        => Assert.Null(await _client.GetAsync(_prefix + "missing"));

    [Fact]
    public async Task Set_RoundTripsBinaryValue()
    {
        byte[] value = [0, 255, 13, 10, 42];
        await _client.SetAsync(_prefix + "bin", value);

        Assert.Equal(value, await _client.GetBytesAsync(_prefix + "bin"));
    }

    [Fact]
    public async Task SetNotExists_ReturnsFalse_WhenKeyExists()
    {
        Assert.True(await _client.SetAsync(_prefix + "nx", "first", condition: RedisSetCondition.NotExists));
        Assert.False(await _client.SetAsync(_prefix + "nx", "second", condition: RedisSetCondition.NotExists));

        Assert.Equal("first", await _client.GetAsync(_prefix + "nx"));
    }

    [Fact]
    public async Task SetWithExpiry_SetsMillisecondTtl()
    {
        await _client.SetAsync(_prefix + "px", "v", TimeSpan.FromSeconds(30));

        var pttl = (await _client.ExecuteAsync("PTTL", _prefix + "px")).AsInt64();
        Assert.InRange(pttl, 1, 30_000);
    }

    [Fact]
    public async Task Delete_ReturnsCountOfExistingKeys()
    {
        await _client.SetAsync(_prefix + "a", "1");
        await _client.SetAsync(_prefix + "b", "2");

        Assert.Equal(2, await _client.DeleteAsync(_prefix + "a", _prefix + "b", _prefix + "c"));
        Assert.Null(await _client.GetAsync(_prefix + "a"));
    }

    [Fact]
    public async Task Expire_SetsTtl_AndReportsMissingKey()
    {
        await _client.SetAsync(_prefix + "e", "v");

        Assert.True(await _client.ExpireAsync(_prefix + "e", TimeSpan.FromSeconds(100)));
        Assert.False(await _client.ExpireAsync(_prefix + "nope", TimeSpan.FromSeconds(100)));
        Assert.InRange((await _client.ExecuteAsync("TTL", _prefix + "e")).AsInt64(), 1, 100);
    }

    [Fact]
    public async Task HashOperations_ReadWriteIncrementAndDeleteFields()
    {
        var key = _prefix + "members";

        Assert.True(await _client.HashSetAsync(key, "silo-a", "{\"status\":\"Joining\"}"));
        Assert.False(await _client.HashSetAsync(key, "silo-a", "{\"status\":\"Active\"}"));
        Assert.Equal(2, await _client.HashSetAsync(key, [new("silo-b", "b"), new("silo-c", "c")]));
        Assert.Equal(1, await _client.HashIncrementAsync(key, "ver"));
        Assert.Equal(11, await _client.HashIncrementAsync(key, "ver", 10));
        Assert.Equal("{\"status\":\"Active\"}", await _client.HashGetAsync(key, "silo-a"));
        Assert.Equal(2, await _client.HashDeleteAsync(key, "silo-b", "silo-c", "silo-z"));

        var all = await _client.HashGetAllAsync(key);
        Assert.Equal(2, all.Count);
        Assert.Equal("11", all["ver"]);
        Assert.Null(await _client.HashGetAsync(key, "silo-b"));
    }

    [Fact]
    public async Task HashGetAll_ReturnsEmpty_ForMissingKey()
        => Assert.Empty(await _client.HashGetAllAsync(_prefix + "none"));

    [Fact]
    public async Task Time_ReturnsServerClock()
    {
        var serverNow = await _client.TimeAsync();

        Assert.InRange(serverNow, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Ping_ReturnsRoundTripTime()
        => Assert.True(await _client.PingAsync() > TimeSpan.Zero);

    [Fact]
    public async Task Scan_FindsEveryMatchingKey_AcrossPages()
    {
        var expected = Enumerable.Range(0, 120).Select(i => $"{_prefix}scan:{i}").ToHashSet();
        await Task.WhenAll(expected.Select(k => _client.SetAsync(k, "x")));

        var found = new HashSet<string>();
        await foreach (var key in _client.ScanKeysAsync(_prefix + "scan:*", count: 10))
            found.Add(key);

        Assert.Equal(expected, found);
    }

    [Fact]
    public async Task ErrorReply_ThrowsServerException_WithPrefix()
    {
        await _client.SetAsync(_prefix + "str", "x");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => _client.HashGetAsync(_prefix + "str", "f"));

        Assert.Equal("WRONGTYPE", error.Prefix);
    }

    [Fact]
    public async Task ErrorReply_LeavesConnectionUsable()
    {
        await Assert.ThrowsAsync<RedisServerException>(() => _client.ExecuteAsync("NOSUCHCOMMAND"));

        Assert.Equal("still here", (await _client.ExecuteAsync("ECHO", "still here")).AsString());
    }

    [Fact]
    public async Task Execute_ReturnsNestedArrays()
    {
        await _client.ExecuteAsync("RPUSH", _prefix + "list", "a", "b");

        var reply = await _client.EvalAsync("return {1, {KEYS[1], ARGV[1]}, redis.call('LRANGE', KEYS[1], 0, -1)}", [_prefix + "list"], ["arg"]);

        Assert.Equal($"[(integer) 1, [{_prefix}list, arg], [a, b]]", reply.ToString());
    }
}
