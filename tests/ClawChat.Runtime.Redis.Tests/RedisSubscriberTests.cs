using System.Collections.Concurrent;
using ClawChat.Runtime.Redis.PubSub;
using ClawChat.Runtime.Redis.Tests.Infrastructure;

namespace ClawChat.Runtime.Redis.Tests;

public sealed class RedisSubscriberTests : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly RedisServerFixture _fixture;
    private readonly string _prefix = TestKeys.Prefix();
    private RedisClient _client = null!;
    private RedisSubscriber _subscriber = null!;

    public RedisSubscriberTests(RedisServerFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        _client = await RedisClient.ConnectAsync(_fixture.Server.Options());
        _subscriber = await RedisSubscriber.ConnectAsync(_fixture.Server.Options());
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_DeliversPublishedMessages_InOrder()
    {
        var received = new ConcurrentQueue<string>();
        var channel = _prefix + "events";
        await _subscriber.SubscribeAsync(channel, m => received.Enqueue(m.PayloadString));

        for (int i = 1; i <= 3; i++)
            Assert.Equal(1, await _client.PublishAsync(channel, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await Eventually.WaitUntilAsync(() => received.Count == 3, Deadline, "three messages on " + channel);
        Assert.Equal(["1", "2", "3"], received);
    }

    [Fact]
    public async Task PatternSubscribe_DeliversMatchingChannels_WithPattern()
    {
        var received = new ConcurrentQueue<RedisMessage>();
        var pattern = _prefix + "room:*";
        await _subscriber.PatternSubscribeAsync(pattern, received.Enqueue);

        await _client.PublishAsync(_prefix + "room:1", "hello");
        await _client.PublishAsync(_prefix + "other", "ignored");

        await Eventually.WaitUntilAsync(() => received.Count == 1, Deadline, "a message matching " + pattern);
        var message = Assert.Single(received);
        Assert.Equal(_prefix + "room:1", message.Channel);
        Assert.Equal(pattern, message.Pattern);
        Assert.Equal("hello", message.PayloadString);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery()
    {
        var channel = _prefix + "gone";
        await _subscriber.SubscribeAsync(channel, _ => { });

        await _subscriber.UnsubscribeAsync(channel);

        await Eventually.WaitUntilAsync(async () => await _client.PublishAsync(channel, "x") == 0, Deadline, "the server to drop the subscription to " + channel);
    }

    [Fact]
    public async Task ThrowingHandler_DoesNotStopLaterDeliveries()
    {
        var channel = _prefix + "faulty";
        var received = new ConcurrentQueue<string>();
        await _subscriber.SubscribeAsync(channel, m =>
        {
            received.Enqueue(m.PayloadString);
            if (m.PayloadString == "boom")
                throw new InvalidOperationException("handler bug");
        });

        await _client.PublishAsync(channel, "boom");
        await _client.PublishAsync(channel, "after");

        await Eventually.WaitUntilAsync(() => received.Contains("after"), Deadline, "delivery after a throwing handler");
    }

    [Fact]
    public async Task SecondHandler_OnSameChannel_AlsoReceives()
    {
        var channel = _prefix + "shared";
        int first = 0, second = 0;
        await _subscriber.SubscribeAsync(channel, _ => Interlocked.Increment(ref first));
        await _subscriber.SubscribeAsync(channel, _ => Interlocked.Increment(ref second));

        await _client.PublishAsync(channel, "x");

        await Eventually.WaitUntilAsync(() => Volatile.Read(ref first) == 1 && Volatile.Read(ref second) == 1, Deadline, "both handlers to run once");
    }
}
