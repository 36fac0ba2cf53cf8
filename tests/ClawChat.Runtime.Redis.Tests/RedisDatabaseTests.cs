using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisDatabaseTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _fixture;

    public RedisDatabaseTests(RedisServerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Select_IsolatesKeys_BetweenDatabases()
    {
        var key = TestKeys.Prefix() + "k";
        await using var db1 = await RedisClient.ConnectAsync(_fixture.Server.Options(database: 1));
        await using var db2 = await RedisClient.ConnectAsync($"127.0.0.1:{_fixture.Server.Port},db=2");

        await db1.SetAsync(key, "in-db-1");

        Assert.Equal("in-db-1", await db1.GetAsync(key));
        Assert.Null(await db2.GetAsync(key));
    }

    [Fact]
    public async Task Connect_FailsClearly_WhenDatabaseDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(_fixture.Server.Options(database: 999)));

        Assert.Contains("SELECT 999", error.Message, StringComparison.Ordinal);
    }
}
