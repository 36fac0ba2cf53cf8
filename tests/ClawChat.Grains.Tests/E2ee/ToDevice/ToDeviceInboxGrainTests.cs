using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Grains.Tests.Rooms;

namespace ClawChat.Grains.Tests.E2ee.ToDevice;

public sealed class ToDeviceInboxGrainTests
{
    private static ToDeviceMessage Message(int n, string? id = null) =>
        new("@sender:test.local", "org.example.test", RoomFixture.Json($$"""{"n":{{n}}}"""), id ?? Guid.NewGuid().ToString("N"));

    private static IToDeviceInboxGrain Inbox(E2eeTestSilo silo, string key) => silo.Factory.GetGrain<IToDeviceInboxGrain>(key);

    private static string NewKey() => ToDeviceInbox.Key(RoomsTestSilo.NewUserId("bob"), "DEV" + Guid.NewGuid().ToString("N")[..6]);

    private static List<int> Numbers(ToDeviceBatch batch) => [.. batch.Messages.Select(m => m.Content.GetProperty("n").GetInt32())];

    [Fact]
    public async Task Take_ReturnsInArrivalOrder_AndRemovesOnlyWhatTheNextPositionAcknowledges()
    {
        await using var silo = new E2eeTestSilo();
        var inbox = Inbox(silo, NewKey());
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(await inbox.EnqueueAsync(Message(i)));
        }

        var first = await inbox.TakeAsync(0, 2);
        var retried = await inbox.TakeAsync(0, 2);
        var next = await inbox.TakeAsync(first.Position, 2);
        var done = await inbox.TakeAsync(next.Position, 2);

        Assert.Equal([1, 2], Numbers(first));
        Assert.Equal([1, 2], Numbers(retried));
        Assert.Equal([3], Numbers(next));
        Assert.Empty(done.Messages);
        Assert.Equal(3, done.Position);
    }

    [Fact]
    public async Task Enqueue_WithARecentMessageId_IsIgnored()
    {
        await using var silo = new E2eeTestSilo();
        var inbox = Inbox(silo, NewKey());

        Assert.True(await inbox.EnqueueAsync(Message(1, "txn-a")));
        Assert.False(await inbox.EnqueueAsync(Message(1, "txn-a")));

        Assert.Equal([1], Numbers(await inbox.TakeAsync(0, 100)));
    }

    [Fact]
    public async Task PendingMessages_AndDuplicateDetection_SurviveARestart()
    {
        await using var silo = new E2eeTestSilo();
        var key = NewKey();
        await Inbox(silo, key).EnqueueAsync(Message(1, "txn-a"));
        await Inbox(silo, key).EnqueueAsync(Message(2, "txn-b"));

        await silo.RestartAsync();

        Assert.False(await Inbox(silo, key).EnqueueAsync(Message(1, "txn-a")));
        Assert.Equal([1, 2], Numbers(await Inbox(silo, key).TakeAsync(0, 100)));
    }

    [Fact]
    public async Task Clear_DropsEverything_AndNeverReusesASequence()
    {
        await using var silo = new E2eeTestSilo();
        var inbox = Inbox(silo, NewKey());
        await inbox.EnqueueAsync(Message(1));
        await inbox.EnqueueAsync(Message(2));

        await inbox.ClearAsync();
        var afterClear = await inbox.TakeAsync(0, 100);
        await inbox.EnqueueAsync(Message(3));
        var staleTokenTake = await inbox.TakeAsync(2, 100);

        Assert.Empty(afterClear.Messages);
        Assert.Equal(2, afterClear.Position);
        Assert.Equal([3], Numbers(staleTokenTake));
    }

    [Fact]
    public async Task Content_IsDeliveredUnchanged()
    {
        await using var silo = new E2eeTestSilo();
        var inbox = Inbox(silo, NewKey());
        var content = RoomFixture.Json("""{"algorithm":"m.olm.v1.curve25519-aes-sha2","ciphertext":{"k":{"type":0,"body":"AwoQ"}},"sender_key":"abc"}""");
        await inbox.EnqueueAsync(new ToDeviceMessage("@alice:test.local", "m.room.encrypted", content, "id"));

        var message = Assert.Single((await inbox.TakeAsync(0, 100)).Messages);

        Assert.Equal("@alice:test.local", message.Sender);
        Assert.Equal("m.room.encrypted", message.Type);
        Assert.True(JsonElement.DeepEquals(content, message.Content));
    }
}
