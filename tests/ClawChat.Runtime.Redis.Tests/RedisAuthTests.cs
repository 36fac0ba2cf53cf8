using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisAuthTests : IAsyncLifetime
{
    private RedisServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync(password: "s3cret-" + Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Connect_Authenticates_WithPassword()
    {
        await using var client = await RedisClient.ConnectAsync(_server.ConnectionString);

        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task Connect_Authenticates_WithUserAndPassword()
    {
        var options = _server.Options();
        options.User = "default";
        await using var client = await RedisClient.ConnectAsync(options);

        Assert.Equal("default", (await client.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Fact]
    public async Task Connect_FailsClearly_WithWrongPassword()
    {
        var options = _server.Options();
        options.Password = "wrong";

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options));

        Assert.Contains("AUTH was refused", error.Message, StringComparison.Ordinal);
        Assert.Equal("WRONGPASS", Assert.IsType<RedisServerException>(error.InnerException).Prefix);
        Assert.DoesNotContain("wrong", error.Message.Replace("WRONGPASS", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_FailsWithNoAuth_WithoutPassword()
    {
        var options = _server.Options();
        options.Password = null;
        await using var client = await RedisClient.ConnectAsync(options);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.GetAsync("k"));

        Assert.Equal("NOAUTH", error.Prefix);
    }
}
