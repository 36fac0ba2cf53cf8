using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisPipeliningTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _fixture;

    public RedisPipeliningTests(RedisServerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TenThousandConcurrentCommands_EachGetTheirOwnReply()
    {
        await using var client = await RedisClient.ConnectAsync(_fixture.Server.Options(commandTimeout: TimeSpan.FromSeconds(30)));
        var prefix = TestKeys.Prefix();
        const int count = 10_000;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i => client.SetAsync($"{prefix}{i}", $"value-{i}")));
        var gets = Enumerable.Range(0, count).Select(i => client.GetAsync($"{prefix}{i}")).ToArray();
        var increments = Enumerable.Range(0, count).Select(i => client.ExecuteAsync("INCRBY", $"{prefix}n{i}", i)).ToArray();
        await Task.WhenAll(Task.WhenAll(gets), Task.WhenAll(increments));

        for (int i = 0; i < count; i++)
        {
            Assert.Equal($"value-{i}", gets[i].Result);
            Assert.Equal(i, increments[i].Result.AsInt64());
        }

        Assert.Equal(0, client.PendingCommands);
    }

    [Fact]
    public async Task ConcurrentIncrements_OnOneKey_AllApply()
    {
        await using var client = await RedisClient.ConnectAsync(_fixture.Server.Options());
        var key = TestKeys.Prefix() + "counter";

        var results = await Task.WhenAll(Enumerable.Range(0, 5_000).Select(_ => client.ExecuteAsync("INCR", key)));

        Assert.Equal(Enumerable.Range(1, 5_000).Select(i => (long)i), results.Select(r => r.AsInt64()).Order());
    }

    [Fact]
    public async Task Command_IsRejected_WhenPendingQueueIsFull()
    {
        var options = _fixture.Server.Options();
        options.MaxPendingCommands = 2;
        await using var client = await RedisClient.ConnectAsync(options);

        var sleeping = client.ExecuteAsync("DEBUG", "SLEEP", "0.3");
        var queued = client.ExecuteAsync("PING");

        await Assert.ThrowsAsync<RedisQueueFullException>(() => client.ExecuteAsync("PING"));
        await Task.WhenAll(sleeping, queued);
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).AsString());
    }
}
