using System.Net;
using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>Typing, receipts, read markers and presence through <c>/sync</c> (DIGEST §6 ephemeral, §16).</summary>
public sealed class EphemeralTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    private static string Typing(string roomId, MatrixTestClient c) => $"{RoomApi.Room(roomId)}/typing/{MatrixTestClient.Escape(c.UserId)}";

    private static string Receipt(string roomId, string type, string eventId) => $"{RoomApi.Room(roomId)}/receipt/{type}/{MatrixTestClient.Escape(eventId)}";

    private static async Task<(MatrixTestClient Alice, MatrixTestClient Bob, string RoomId, string EventId)> TwoInARoomAsync(RunningSilo silo)
    {
        var alice = await MatrixTestClient.RegisterAsync(silo);
        var bob = await MatrixTestClient.RegisterAsync(silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var eventId = await alice.SendTextAsync(roomId, "something to read");
        return (alice, bob, roomId, eventId);
    }

    [Fact]
    public async Task Typing_IsSentAsTheFullList_AndClearedWhenStopped()
    {
        var (alice, bob, roomId, _) = await TwoInARoomAsync(fixture.Silo);
        var token = (await alice.SyncAsync()).NextBatch();

        (await bob.PutAsync(Typing(roomId, bob), new { typing = true, timeout = 30000 })).AssertOk();
        var started = await alice.SyncAsync(token);
        (await bob.PutAsync(Typing(roomId, bob), new { typing = false })).AssertOk();
        var stopped = await alice.SyncAsync(started.NextBatch());

        var typing = Assert.Single(started.Ephemeral(roomId, "m.typing"));
        Assert.Equal([bob.UserId], typing.GetProperty("content").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0, Assert.Single(stopped.Ephemeral(roomId, "m.typing")).GetProperty("content").GetProperty("user_ids").GetArrayLength());
    }

    [Fact]
    public async Task Typing_ExpiresAfterItsTimeout()
    {
        var (alice, bob, roomId, _) = await TwoInARoomAsync(fixture.Silo);
        var token = (await alice.SyncAsync()).NextBatch();
        (await bob.PutAsync(Typing(roomId, bob), new { typing = true, timeout = 300 })).AssertOk();

        var (_, responses) = await alice.SyncUntilAsync(
            token,
            rs => rs.SelectMany(r => r.Ephemeral(roomId, "m.typing")).Any(t => t.GetProperty("content").GetProperty("user_ids").GetArrayLength() == 0),
            "bob's typing to expire");

        Assert.Contains(responses.SelectMany(r => r.Ephemeral(roomId, "m.typing")), t => t.GetProperty("content").GetProperty("user_ids").GetArrayLength() == 1);
    }

    [Fact]
    public async Task Typing_ForSomeoneElse_OrOutsideTheRoom_IsForbidden()
    {
        var (alice, bob, roomId, _) = await TwoInARoomAsync(fixture.Silo);
        var carol = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PutAsync(Typing(roomId, bob), new { typing = true })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await carol.PutAsync(Typing(roomId, carol), new { typing = true })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.PutAsync(Typing(roomId, alice), new { })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Fact]
    public async Task PublicReceipt_ReachesEveryone_PrivateOnlyItsOwner_InitialSyncHasTheLatest()
    {
        var (alice, bob, roomId, eventId) = await TwoInARoomAsync(fixture.Silo);
        var aliceToken = (await alice.SyncAsync()).NextBatch();
        var bobToken = (await bob.SyncAsync()).NextBatch();

        (await bob.PostAsync(Receipt(roomId, "m.read.private", eventId), new { })).AssertOk();
        var aliceAfterPrivate = await alice.SyncAsync(aliceToken);
        var bobAfterPrivate = await bob.SyncAsync(bobToken);
        (await bob.PostAsync(Receipt(roomId, "m.read", eventId), new { thread_id = "main" })).AssertOk();
        var aliceAfterPublic = await alice.SyncAsync(aliceAfterPrivate.NextBatch());
        var aliceInitial = await alice.SyncAsync();

        Assert.Empty(aliceAfterPrivate.Ephemeral(roomId, "m.receipt"));
        var own = Assert.Single(bobAfterPrivate.Ephemeral(roomId, "m.receipt"));
        Assert.True(own.GetProperty("content").GetProperty(eventId).GetProperty("m.read.private").TryGetProperty(bob.UserId, out _));
        var shared = Assert.Single(aliceAfterPublic.Ephemeral(roomId, "m.receipt"));
        var receipt = shared.GetProperty("content").GetProperty(eventId).GetProperty("m.read").GetProperty(bob.UserId);
        Assert.Equal(JsonValueKind.Number, receipt.GetProperty("ts").ValueKind);
        Assert.Equal("main", receipt.Str("thread_id"));
        Assert.False(shared.GetProperty("content").GetProperty(eventId).TryGetProperty("m.read.private", out _));
        Assert.Single(aliceInitial.Ephemeral(roomId, "m.receipt"));
    }

    [Fact]
    public async Task Receipt_ForAnUnknownEvent_IsNotFound_AndABadTypeInvalid()
    {
        var (alice, _, roomId, eventId) = await TwoInARoomAsync(fixture.Silo);

        (await alice.PostAsync(Receipt(roomId, "m.read", "$nope"), new { })).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PostAsync(Receipt(roomId, "m.bogus", eventId), new { })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PostAsync(Receipt(roomId, "m.read", eventId), new { thread_id = "not-a-thread" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task ReadMarkers_SetFullyReadAsRoomAccountData_AndTheReadReceipt()
    {
        var (alice, bob, roomId, eventId) = await TwoInARoomAsync(fixture.Silo);
        var aliceToken = (await alice.SyncAsync()).NextBatch();
        var bobToken = (await bob.SyncAsync()).NextBatch();

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/read_markers", new Dictionary<string, string> { ["m.fully_read"] = eventId, ["m.read"] = eventId })).AssertOk();
        var bobSync = await bob.SyncAsync(bobToken);
        var aliceSync = await alice.SyncAsync(aliceToken);
        var marker = (await bob.GetAsync($"{RoomApi.V3}/user/{MatrixTestClient.Escape(bob.UserId)}/rooms/{MatrixTestClient.Escape(roomId)}/account_data/m.fully_read")).AssertOk();

        Assert.Equal(eventId, marker.GetString("event_id"));
        var fullyRead = Assert.Single(bobSync.Joined(roomId).Events("account_data"), e => e.Str("type") == "m.fully_read");
        Assert.Equal(eventId, fullyRead.GetProperty("content").Str("event_id"));
        Assert.Single(aliceSync.Ephemeral(roomId, "m.receipt"));
        Assert.Empty(aliceSync.Joined(roomId).Events("account_data"));
    }

    [Fact]
    public async Task UnreadCounts_ComeWithTheEvent_AndResetWithTheReadReceipt()
    {
        var (alice, bob, roomId, _) = await TwoInARoomAsync(fixture.Silo);
        var token = (await alice.SyncAsync()).NextBatch();

        var eventId = await bob.SendTextAsync(roomId, "count me");
        var unread = await alice.SyncAsync(token);
        (await alice.PostAsync(Receipt(roomId, "m.read", eventId), new { })).AssertOk();
        var read = await alice.SyncAsync(unread.NextBatch());

        var counts = unread.Joined(roomId).GetProperty("unread_notifications");
        Assert.Equal(1, counts.GetProperty("notification_count").GetInt32());
        Assert.Equal(0, counts.GetProperty("highlight_count").GetInt32());
        Assert.Equal(0, read.Joined(roomId).GetProperty("unread_notifications").GetProperty("notification_count").GetInt32());
    }

    [Fact]
    public async Task Presence_IsSetAndRead_AndSentToUsersSharingARoom()
    {
        var (alice, bob, roomId, _) = await TwoInARoomAsync(fixture.Silo);
        var token = (await alice.SyncAsync()).NextBatch();

        (await bob.PutAsync($"{RoomApi.V3}/presence/{MatrixTestClient.Escape(bob.UserId)}/status", new { presence = "unavailable", status_msg = "lunch" })).AssertOk();
        var status = (await alice.GetAsync($"{RoomApi.V3}/presence/{MatrixTestClient.Escape(bob.UserId)}/status")).AssertOk();
        var (_, responses) = await alice.SyncUntilAsync(
            token,
            rs => rs.Any(r => r["presence"].GetProperty("events").EnumerateArray().Any(e => e.Str("sender") == bob.UserId && e.GetProperty("content").Str("presence") == "unavailable")),
            "bob's presence in alice's sync");

        Assert.Equal("unavailable", status.GetString("presence"));
        Assert.Equal("lunch", status.GetString("status_msg"));
        var presence = responses.SelectMany(r => r["presence"].GetProperty("events").EnumerateArray()).Last(e => e.Str("sender") == bob.UserId);
        Assert.Equal("m.presence", presence.Str("type"));
        Assert.Equal("lunch", presence.GetProperty("content").Str("status_msg"));
        (await alice.PutAsync($"{RoomApi.V3}/presence/{MatrixTestClient.Escape(bob.UserId)}/status", new { presence = "online" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await bob.PutAsync($"{RoomApi.V3}/presence/{MatrixTestClient.Escape(bob.UserId)}/status", new { presence = "dancing" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        Assert.NotNull(roomId);
    }
}
