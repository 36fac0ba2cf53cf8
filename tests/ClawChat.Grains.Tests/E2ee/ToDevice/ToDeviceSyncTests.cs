using System.Diagnostics;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Grains.Sync;
using ClawChat.Grains.Tests.Rooms;

namespace ClawChat.Grains.Tests.E2ee.ToDevice;

/// <summary>The to-device stream of <c>/sync</c> at grain level (DIGEST §13): delivery, acknowledgement by the next
/// token, retries with an old token, the per-response cap, long-poll wake-up and restarts.</summary>
public sealed class ToDeviceSyncTests
{
    private static Task EnqueueAsync(E2eeTestSilo silo, string userId, string deviceId, int n) =>
        silo.Factory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(userId, deviceId))
            .EnqueueAsync(new ToDeviceMessage("@alice:test.local", "org.example.n", RoomFixture.Json($$"""{"n":{{n}}}"""), Guid.NewGuid().ToString("N")));

    private static List<int> Numbers(System.Text.Json.JsonElement response) =>
        [.. response.ToDevice().Select(e => e.GetProperty("content").GetProperty("n").GetInt32())];

    [Fact]
    public async Task RetriedSyncWithTheOldToken_GetsTheSameMessages_AndTheNextTokenAcknowledgesThem()
    {
        await using var silo = new E2eeTestSilo();
        var bob = RoomsTestSilo.NewUserId("bob");
        var initial = await silo.Factory.SyncDeviceAsync(bob, "PHONE");
        await EnqueueAsync(silo, bob, "PHONE", 1);
        await EnqueueAsync(silo, bob, "PHONE", 2);

        var first = await silo.Factory.SyncDeviceAsync(bob, "PHONE", initial.Token());
        var retried = await silo.Factory.SyncDeviceAsync(bob, "PHONE", initial.Token());
        var after = await silo.Factory.SyncDeviceAsync(bob, "PHONE", first.Token());
        var retriedAfterAck = await silo.Factory.SyncDeviceAsync(bob, "PHONE", initial.Token());

        Assert.Equal([1, 2], Numbers(first));
        Assert.Equal([1, 2], Numbers(retried));
        Assert.Empty(Numbers(after));
        Assert.Empty(Numbers(retriedAfterAck));
    }

    [Fact]
    public async Task Messages_GoOnlyToTheirDevice()
    {
        await using var silo = new E2eeTestSilo();
        var bob = RoomsTestSilo.NewUserId("bob");
        await EnqueueAsync(silo, bob, "PHONE", 1);

        var laptop = await silo.Factory.SyncDeviceAsync(bob, "LAPTOP");
        var phone = await silo.Factory.SyncDeviceAsync(bob, "PHONE");

        Assert.Empty(Numbers(laptop));
        Assert.Equal([1], Numbers(phone));
        Assert.Equal("@alice:test.local", phone.ToDevice()[0].GetProperty("sender").GetString());
        Assert.Equal("org.example.n", phone.ToDevice()[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task AResponse_CarriesAtMost100Messages_TheRestComeWithTheNextSync()
    {
        await using var silo = new E2eeTestSilo();
        var bob = RoomsTestSilo.NewUserId("bob");
        for (var i = 1; i <= 130; i++)
        {
            await EnqueueAsync(silo, bob, "PHONE", i);
        }

        var first = await silo.Factory.SyncDeviceAsync(bob, "PHONE");
        var second = await silo.Factory.SyncDeviceAsync(bob, "PHONE", first.Token());
        var third = await silo.Factory.SyncDeviceAsync(bob, "PHONE", second.Token());

        Assert.Equal(Enumerable.Range(1, SyncGrain.MaxToDevicePerSync), Numbers(first));
        Assert.Equal(Enumerable.Range(101, 30), Numbers(second));
        Assert.Empty(Numbers(third));
    }

    [Fact]
    public async Task LongPoll_WakesOnAMessageForItsDevice()
    {
        await using var silo = new E2eeTestSilo();
        var bob = RoomsTestSilo.NewUserId("bob");
        var token = (await silo.Factory.SyncDeviceAsync(bob, "PHONE")).Token();

        var waiting = silo.Factory.SyncDeviceAsync(bob, "PHONE", token, timeoutMs: 30_000);
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(200)), "the long-poll returned before anything happened");
        var sent = Stopwatch.StartNew();
        await EnqueueAsync(silo, bob, "PHONE", 7);
        var response = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([7], Numbers(response));
        Assert.True(sent.ElapsedMilliseconds < 1000, $"woke after {sent.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task LongPoll_IgnoresMessagesForAnotherDevice()
    {
        await using var silo = new E2eeTestSilo();
        var bob = RoomsTestSilo.NewUserId("bob");
        var token = (await silo.Factory.SyncDeviceAsync(bob, "PHONE")).Token();

        var waiting = silo.Factory.SyncDeviceAsync(bob, "PHONE", token, timeoutMs: 500);
        await EnqueueAsync(silo, bob, "LAPTOP", 1);
        var response = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(Numbers(response));
    }

    [Fact]
    public async Task MessagesQueuedBeforeARestart_AreDelivered_AndWakeALongPollFromAnOldToken()
    {
        await using var silo = new E2eeTestSilo();
        var bob = RoomsTestSilo.NewUserId("bob");
        var token = (await silo.Factory.SyncDeviceAsync(bob, "PHONE")).Token();
        await EnqueueAsync(silo, bob, "PHONE", 1);

        await silo.RestartAsync();
        var clock = Stopwatch.StartNew();
        var response = await silo.Factory.SyncDeviceAsync(bob, "PHONE", token, timeoutMs: 10_000);

        Assert.Equal([1], Numbers(response));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the long-poll waited {clock.Elapsed.TotalMilliseconds:F0} ms despite a pending message");
    }
}
