using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Push;

/// <summary>Pushers deliver to a real push gateway on loopback (spec push_notifier.yaml): the body, retries with
/// back-off, rejected pushkeys, <c>event_id_only</c>, and badge updates after a read receipt. Events flow through
/// the real wiring: rooms API → room grain → notifications grain → pushers → gateway.</summary>
public sealed class PushDeliveryTests(PushSiloFixture fixture) : IClassFixture<PushSiloFixture>, IAsyncLifetime
{
    private TestPushGateway? _gateway;

    private TestPushGateway Gateway => _gateway!;

    public async Task InitializeAsync() => _gateway = await TestPushGateway.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();

    /// <summary>Alice (display name "Alice") creates "Cake room"; Bob joins and registers a pusher at the gateway.</summary>
    private async Task<(MatrixTestClient Alice, MatrixTestClient Bob, string RoomId, string Pushkey)> SetUpAsync(JsonObject? pusherData = null)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Alice");
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat", name = "Cake room" });
        await bob.JoinAsync(roomId);
        var pushkey = "pk-" + Guid.NewGuid().ToString("N");
        await bob.SetPusherAsync(PushApi.HttpPusher(Gateway.NotifyUrl, pushkey, extraData: pusherData));
        return (alice, bob, roomId, pushkey);
    }

    [Fact]
    public async Task Mention_IsPushed_WithTheSpecNotificationBody()
    {
        var (alice, bob, roomId, pushkey) = await SetUpAsync(new JsonObject { ["custom"] = "kept" });

        var eventId = await alice.SendAsync(roomId, PushApi.Mention("cake for Bob?", bob.UserId));

        var request = await Gateway.WaitForAsync(r => r.EventId == eventId, $"the push of {eventId}");
        var n = request.Notification;
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(roomId, n.GetProperty("room_id").GetString());
        Assert.Equal("m.room.message", n.GetProperty("type").GetString());
        Assert.Equal(alice.UserId, n.GetProperty("sender").GetString());
        Assert.Equal("Alice", n.GetProperty("sender_display_name").GetString());
        Assert.Equal("Cake room", n.GetProperty("room_name").GetString());
        Assert.Equal("high", n.GetProperty("prio").GetString());
        Assert.Equal("cake for Bob?", n.GetProperty("content").GetProperty("body").GetString());
        Assert.Equal(1, n.GetProperty("counts").GetProperty("unread").GetInt32());
        var device = Assert.Single(n.GetProperty("devices").EnumerateArray());
        Assert.Equal("org.example.app", device.GetProperty("app_id").GetString());
        Assert.Equal(pushkey, device.GetProperty("pushkey").GetString());
        Assert.InRange(device.GetProperty("pushkey_ts").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("""{"custom":"kept"}""", device.GetProperty("data").GetRawText());
        Assert.Equal("default", device.GetProperty("tweaks").GetProperty("sound").GetString());
        Assert.True(device.GetProperty("tweaks").GetProperty("highlight").GetBoolean());
    }

    [Fact]
    public async Task FailingGateway_IsRetriedWithBackoff_ThenSucceeds()
    {
        var (alice, _, roomId, _) = await SetUpAsync();
        Gateway.FailNext(2);

        var eventId = await alice.SendTextAsync(roomId, "are you there?");

        await Gateway.WaitForAsync(r => r.EventId == eventId && !r.Failed, $"a successful retry of {eventId}");
        var attempts = Gateway.Requests.Where(r => r.EventId == eventId).ToList();
        Assert.Equal([true, true, false], attempts.Select(a => a.Failed));
        // Back-off of 50 ms, then 100 ms (the fixture's InitialRetryDelay, doubled).
        Assert.True(attempts[1].Since(attempts[0]) >= TimeSpan.FromMilliseconds(45), $"first retry after {attempts[1].Since(attempts[0])}");
        Assert.True(attempts[2].Since(attempts[1]) >= TimeSpan.FromMilliseconds(90), $"second retry after {attempts[2].Since(attempts[1])}");
        Assert.Equal(attempts[0].Body.GetRawText(), attempts[2].Body.GetRawText());
    }

    [Fact]
    public async Task RejectedPushkey_RemovesThePusher()
    {
        var (alice, bob, roomId, pushkey) = await SetUpAsync();
        Gateway.Rejected.Add(pushkey);

        var eventId = await alice.SendTextAsync(roomId, "hello");

        await Gateway.WaitForAsync(r => r.EventId == eventId, $"the push of {eventId}");
        var deadline = Environment.TickCount64 + 10_000;
        while ((await bob.PushersAsync()).Count > 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for the rejected pusher to be removed.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task EventIdOnlyPusher_GetsNoContent()
    {
        var (alice, _, roomId, _) = await SetUpAsync(new JsonObject { ["format"] = "event_id_only" });

        var eventId = await alice.SendTextAsync(roomId, "secret");

        var n = (await Gateway.WaitForAsync(r => r.EventId == eventId, $"the push of {eventId}")).Notification;
        Assert.Equal(["event_id", "room_id", "prio", "counts", "devices"], n.EnumerateObject().Select(p => p.Name));
        Assert.Equal("event_id_only", n.GetProperty("devices")[0].GetProperty("data").GetProperty("format").GetString());
    }

    [Fact]
    public async Task ReadReceipt_SendsABadgeUpdate()
    {
        var (alice, bob, roomId, pushkey) = await SetUpAsync();
        var eventId = await alice.SendTextAsync(roomId, "read me");
        await Gateway.WaitForAsync(r => r.EventId == eventId, $"the push of {eventId}");

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/receipt/m.read/{MatrixTestClient.Escape(eventId)}", new { })).AssertOk();

        var badge = await Gateway.WaitForAsync(
            r => r.EventId is null && r.Notification.GetProperty("devices")[0].GetProperty("pushkey").GetString() == pushkey,
            "a counts-only badge update");
        Assert.Equal("{}", badge.Notification.GetProperty("counts").GetRawText());
    }

    [Fact]
    public async Task OwnMessages_AreNotPushed()
    {
        var (alice, bob, roomId, pushkey) = await SetUpAsync();

        var own = await bob.SendTextAsync(roomId, "my own");
        var other = await alice.SendTextAsync(roomId, "from alice");

        await Gateway.WaitForAsync(r => r.EventId == other, $"the push of {other}");
        Assert.DoesNotContain(Gateway.Requests, r => r.EventId == own);
        Assert.Equal(pushkey, Gateway.Requests.Single(r => r.EventId == other).Notification.GetProperty("devices")[0].GetProperty("pushkey").GetString());
    }
}
