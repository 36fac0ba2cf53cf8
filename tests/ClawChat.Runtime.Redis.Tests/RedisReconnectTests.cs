using System.Collections.Concurrent;
using System.Diagnostics;
using ClawChat.Runtime.Redis.PubSub;
using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisReconnectTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private RedisServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync(password: "pw-" + Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ServerRestart_FailsInFlightCommands_ThenClientReconnectsByItself()
    {
        await using var client = await RedisClient.ConnectAsync(_server.Options(database: 3, commandTimeout: TimeSpan.FromSeconds(30)));
        int restored = 0;
        client.ConnectionRestored += (_, _) => Interlocked.Increment(ref restored);
        await client.SetAsync("before", "1");

        // A blocking pop is in flight (with a 30 s budget) when the server dies.
        var inFlight = client.ExecuteAsync("BLPOP", "never-pushed", "20");
        await Eventually.WaitUntilAsync(() => client.PendingCommands == 1, Deadline, "BLPOP to be pending");
        var sinceKill = Stopwatch.StartNew();
        await _server.KillAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight);
        Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(2), $"in-flight command failed only after {sinceKill.Elapsed}");

        // While the server is down, new commands wait for a reconnect only up to their own timeout.
        var whileDown = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync(["PING"], timeout: TimeSpan.FromMilliseconds(300)));
        Assert.InRange(whileDown.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        Assert.False(client.IsConnected);

        await _server.RestartAsync();

        await Eventually.WaitUntilAsync(() => client.IsConnected, Deadline, "the client to reconnect after the restart");
        await client.SetAsync("after", "2");
        Assert.Equal("2", await client.GetAsync("after"));
        Assert.Contains(" db=3 ", (await client.ExecuteAsync("CLIENT", "INFO")).AsString(), StringComparison.Ordinal);
        Assert.Equal(1, Volatile.Read(ref restored));
        Assert.Equal(2, client.ConnectionGeneration);
    }

    [Fact]
    public async Task CommandIssuedWhileDown_Succeeds_WhenServerReturnsWithinItsTimeout()
    {
        await using var client = await RedisClient.ConnectAsync(_server.Options());
        await _server.KillAsync();
        await Eventually.WaitUntilAsync(() => !client.IsConnected, Deadline, "the client to notice the server is gone");

        var waiting = client.ExecuteAsync(["ECHO", "patient"], timeout: TimeSpan.FromSeconds(10));
        await _server.RestartAsync();

        Assert.Equal("patient", (await waiting).AsString());
    }

    [Fact]
    public async Task ServerRestart_Subscriber_ResubscribesAndReceivesAgain()
    {
        await using var client = await RedisClient.ConnectAsync(_server.Options());
        await using var subscriber = await RedisSubscriber.ConnectAsync(_server.Options());
        var received = new ConcurrentQueue<string>();
        int restored = 0;
        subscriber.ConnectionRestored += (_, _) => Interlocked.Increment(ref restored);
        await subscriber.SubscribeAsync("mx:{c}:events", m => received.Enqueue(m.PayloadString));
        await subscriber.PatternSubscribeAsync("mx:{c}:p*", m => received.Enqueue("p:" + m.PayloadString));
        await client.PublishAsync("mx:{c}:events", "1");
        await Eventually.WaitUntilAsync(() => received.Contains("1"), Deadline, "the message published before the restart");

        await _server.KillAsync();
        await _server.RestartAsync();

        await Eventually.WaitUntilAsync(
            async () => await client.PublishAsync("mx:{c}:events", "2") == 1 && received.Contains("2"),
            Deadline,
            "the subscriber to resubscribe and receive a message published after the restart");
        await client.PublishAsync("mx:{c}:pattern", "3");
        await Eventually.WaitUntilAsync(() => received.Contains("p:3"), Deadline, "the pattern subscription to be restored");
        Assert.Equal(1, Volatile.Read(ref restored));
    }

    [Fact]
    public async Task Dispose_FailsPendingCommandsPromptly()
    {
        var client = await RedisClient.ConnectAsync(_server.Options(commandTimeout: TimeSpan.FromSeconds(30)));
        var blocked = client.ExecuteAsync("BLPOP", "never-pushed", "20");
        await Eventually.WaitUntilAsync(() => client.PendingCommands == 1, Deadline, "BLPOP to be pending");
        var elapsed = Stopwatch.StartNew();

        await client.DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => blocked);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2), $"dispose took {elapsed.Elapsed}");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ExecuteAsync("PING"));
    }
}
