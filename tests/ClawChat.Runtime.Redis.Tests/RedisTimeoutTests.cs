using System.Diagnostics;
using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisTimeoutTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _fixture;

    public RedisTimeoutTests(RedisServerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TimedOutCommand_DoesNotDesynchronizeLaterReplies()
    {
        await using var client = await RedisClient.ConnectAsync(_fixture.Server.Options());
        var prefix = TestKeys.Prefix();
        var elapsed = Stopwatch.StartNew();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync(["DEBUG", "SLEEP", "0.5"], timeout: TimeSpan.FromMilliseconds(100)));
        Assert.True(elapsed.Elapsed < TimeSpan.FromMilliseconds(450), $"timeout took {elapsed.Elapsed}");

        // Sent while the server still sleeps: they queue behind DEBUG SLEEP, whose "+OK" must be dropped.
        var echoes = Enumerable.Range(0, 100).Select(i => client.ExecuteAsync("ECHO", $"{prefix}{i}")).ToArray();
        await Task.WhenAll(echoes);

        for (int i = 0; i < echoes.Length; i++)
            Assert.Equal($"{prefix}{i}", echoes[i].Result.AsString());
        await Eventually.WaitUntilAsync(() => client.PendingCommands == 0, TimeSpan.FromSeconds(5), "the dropped reply to be consumed");
    }

    [Fact]
    public async Task CancelledCommand_DoesNotDesynchronizeLaterReplies()
    {
        await using var client = await RedisClient.ConnectAsync(_fixture.Server.Options());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync(["DEBUG", "SLEEP", "0.3"], cancellation.Token));

        Assert.Equal("after", (await client.ExecuteAsync("ECHO", "after")).AsString());
        Assert.Equal("PONG", (await client.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task DefaultCommandTimeout_AppliesToEveryCommand()
    {
        await using var client = await RedisClient.ConnectAsync(_fixture.Server.Options(commandTimeout: TimeSpan.FromMilliseconds(100)));

        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("DEBUG", "SLEEP", "0.3"));

        Assert.Contains("DEBUG", error.Message, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(async () => (await client.ExecuteAsync("ECHO", "ok")).AsString() == "ok", TimeSpan.FromSeconds(5), "ECHO to succeed after the sleep");
    }
}
