using System.Net;
using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Push;

/// <summary><c>GET /notifications</c> end to end: messages sent through the rooms API reach the notifications
/// grain through the room's sync hook, receipts through the receipt endpoint (spec notifications.yaml).</summary>
public sealed class NotificationsHttpTests(PushSiloFixture fixture) : IClassFixture<PushSiloFixture>
{
    private async Task<(MatrixTestClient Alice, MatrixTestClient Bob, string RoomId, string[] EventIds)> ConversationAsync()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        await bob.SendTextAsync(roomId, "bob's own message");
        var one = await alice.SendTextAsync(roomId, "one");
        var two = await alice.SendAsync(roomId, PushApi.Mention("two, Bob", bob.UserId));
        var three = await alice.SendTextAsync(roomId, "three");
        return (alice, bob, roomId, [one, two, three]);
    }

    [Fact]
    public async Task Notifications_ListTheOtherUsersMessages_NewestFirst_InTheSpecShape()
    {
        var (_, bob, roomId, ids) = await ConversationAsync();

        var notifications = await bob.WaitForNotificationsAsync(3);

        Assert.Equal(ids.Reverse(), notifications.Select(n => n.GetProperty("event").Str("event_id")));
        foreach (var n in notifications)
        {
            Assert.Equal(roomId, n.Str("room_id"));
            Assert.False(n.GetProperty("read").GetBoolean());
            Assert.Equal(JsonValueKind.Number, n.GetProperty("ts").ValueKind);
            Assert.Equal(JsonValueKind.Array, n.GetProperty("actions").ValueKind);
            Assert.Equal("m.room.message", n.GetProperty("event").Str("type"));
        }

        Assert.Contains(notifications[1].GetProperty("actions").EnumerateArray(), a => a.ValueKind == JsonValueKind.Object && a.Str("set_tweak") == "highlight");
        // Two members: .m.rule.room_one_to_one.
        Assert.Equal("""["notify",{"set_tweak":"sound","value":"default"}]""", notifications[0].GetProperty("actions").GetRawText());
    }

    [Fact]
    public async Task Notifications_Paginate_AndFilterHighlights()
    {
        var (_, bob, _, ids) = await ConversationAsync();
        await bob.WaitForNotificationsAsync(3);

        var first = (await bob.GetAsync($"{PushApi.V3}/notifications?limit=2")).AssertOk();
        var next = first.GetString("next_token")!;
        var second = (await bob.GetAsync($"{PushApi.V3}/notifications?limit=2&from={Uri.EscapeDataString(next)}")).AssertOk();
        var highlights = await bob.NotificationsAsync("?only=highlight");

        Assert.Equal([ids[2], ids[1]], first["notifications"].EnumerateArray().Select(n => n.GetProperty("event").Str("event_id")));
        Assert.Equal([ids[0]], second["notifications"].EnumerateArray().Select(n => n.GetProperty("event").Str("event_id")));
        Assert.False(second.Has("next_token"));
        Assert.Equal([ids[1]], highlights.Select(n => n.GetProperty("event").Str("event_id")));
    }

    [Fact]
    public async Task ReadReceipt_MarksNotificationsRead_AndResetsSyncCounts()
    {
        var (_, bob, roomId, ids) = await ConversationAsync();
        await bob.WaitForNotificationsAsync(3);
        var before = UnreadCounts((await bob.GetAsync($"{PushApi.V3}/sync")).AssertOk(), roomId);

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/receipt/m.read/{MatrixTestClient.Escape(ids[1])}", new { })).AssertOk();

        var deadline = Environment.TickCount64 + 10_000;
        IReadOnlyList<JsonElement> notifications;
        while (!(notifications = await bob.NotificationsAsync())[1].GetProperty("read").GetBoolean())
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for the receipt to mark the mention read.");
            await Task.Delay(20);
        }

        Assert.Equal([false, true, true], notifications.Select(n => n.GetProperty("read").GetBoolean()));
        Assert.Equal((3, 1), before);
        Assert.Equal((1, 0), UnreadCounts((await bob.GetAsync($"{PushApi.V3}/sync")).AssertOk(), roomId));
    }

    [Theory]
    [InlineData("?limit=ten")]
    [InlineData("?from=abc")]
    public async Task Notifications_WithBadParameters_AreA400(string query)
    {
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await bob.GetAsync($"{PushApi.V3}/notifications{query}")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task Notifications_OfANewUser_AreEmpty()
    {
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = (await bob.GetAsync($"{PushApi.V3}/notifications")).AssertOk();

        Assert.Equal("""{"notifications":[]}""", response.Text);
    }

    private static (int Notifications, int Highlights) UnreadCounts(MatrixResponse sync, string roomId)
    {
        var counts = sync["rooms"].GetProperty("join").GetProperty(roomId).GetProperty("unread_notifications");
        return (counts.GetProperty("notification_count").GetInt32(), counts.GetProperty("highlight_count").GetInt32());
    }
}
