using System.Net;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Rooms;

public sealed class RoomEventsTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task Send_WithTheSameTransaction_ReturnsTheSameEvent()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        var first = await alice.SendTextAsync(roomId, "hello", "txn-1");
        var retry = await alice.SendTextAsync(roomId, "hello", "txn-1");
        var otherDevice = await (await alice.LoginAgainAsync()).SendTextAsync(roomId, "hello", "txn-1");

        Assert.Equal(first, retry);
        Assert.NotEqual(first, otherDevice);
        var served = (await alice.GetAsync($"{RoomApi.Room(roomId)}/event/{MatrixTestClient.Escape(first)}")).AssertOk();
        RoomApi.AssertClientEvent(served.Body, roomId);
        Assert.Equal("txn-1", served["unsigned"].Str("transaction_id"));
        Assert.Equal("hello", served.Body.Body());
    }

    [Fact]
    public async Task Send_ByNonMember_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await eve.PutAsync($"{RoomApi.Room(roomId)}/send/m.room.message/t1", new { msgtype = "m.text", body = "hi" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await eve.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Theory]
    [InlineData("""{"body": 1.5}""", "M_BAD_JSON")]
    [InlineData("""[1, 2]""", "M_BAD_JSON")]
    [InlineData("""{"body": """, "M_NOT_JSON")]
    public async Task Send_WithBadContent_IsA400(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.PutAsync($"{RoomApi.Room(roomId)}/send/m.room.message/t1", body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task EditsAndReactions_AreStoredAndReturned()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var original = await alice.SendTextAsync(roomId, "helo");
        var edit = await alice.SendAsync(roomId, new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = "* hello",
            ["m.new_content"] = new { msgtype = "m.text", body = "hello" },
            ["m.relates_to"] = new { rel_type = "m.replace", event_id = original },
        });
        var reaction = await alice.SendAsync(roomId, new Dictionary<string, object>
        {
            ["m.relates_to"] = new { rel_type = "m.annotation", event_id = original, key = "👍" },
        }, type: "m.reaction");

        var chunk = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=3")).AssertOk()["chunk"].EnumerateArray().ToList();

        Assert.Equal([reaction, edit, original], chunk.Select(e => e.Str("event_id")));
        Assert.Equal("👍", chunk[0].GetProperty("content").GetProperty("m.relates_to").Str("key"));
        Assert.Equal("m.replace", chunk[1].GetProperty("content").GetProperty("m.relates_to").Str("rel_type"));
        Assert.Equal("hello", chunk[1].GetProperty("content").GetProperty("m.new_content").Str("body"));
    }

    [Fact]
    public async Task Redact_StripsContent_AndOnlyThePowerfulMayRedactOthers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var secret = await alice.SendTextAsync(roomId, "secret");

        (await bob.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape(secret)}/r1", new { })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        var redaction = (await alice.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape(secret)}/r1", new { reason = "oops" })).AssertOk().GetString("event_id");
        var retry = (await alice.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape(secret)}/r1", new { reason = "oops" })).AssertOk().GetString("event_id");

        Assert.Equal(redaction, retry);
        foreach (var viewer in new[] { alice, bob })
        {
            var served = (await viewer.GetAsync($"{RoomApi.Room(roomId)}/event/{MatrixTestClient.Escape(secret)}")).AssertOk();
            Assert.Empty(served["content"].EnumerateObject());
            Assert.Equal(redaction, served["unsigned"].GetProperty("redacted_because").Str("event_id"));
        }

        var chunk = (await bob.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=2")).AssertOk()["chunk"].EnumerateArray().ToList();
        Assert.Equal(secret, chunk[0].Str("redacts"));
        Assert.Equal(secret, chunk[0].GetProperty("content").Str("redacts"));
        Assert.Null(chunk.Single(e => e.Str("event_id") == secret).Body());
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape("$unknown")}/r2", new { })).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task EventById_OfAnotherRoomOrUnknown_IsNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var room1 = await alice.CreateRoomAsync();
        var room2 = await alice.CreateRoomAsync();
        var inRoom2 = await alice.SendTextAsync(room2, "x");

        (await alice.GetAsync($"{RoomApi.Room(room1)}/event/{MatrixTestClient.Escape(inRoom2)}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync($"{RoomApi.Room(room1)}/event/{MatrixTestClient.Escape("$nope")}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task State_PutAndGet_WithAndWithoutStateKey()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        var topic1 = (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.topic", new { topic = "one" })).AssertOk().GetString("event_id");
        var same = (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.topic/", new { topic = "one" })).AssertOk().GetString("event_id");
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/org.example.custom/a%2Fb", new { value = 1 })).AssertOk();
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.topic/", new { topic = "two" })).AssertOk();

        Assert.Equal(topic1, same);
        Assert.Equal("two", (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.topic/")).AssertOk().GetString("topic"));
        var asEvent = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.topic?format=event")).AssertOk();
        Assert.Equal("", asEvent.GetString("state_key"));
        Assert.Equal("one", asEvent["unsigned"].GetProperty("prev_content").Str("topic"));
        Assert.Equal(topic1, asEvent["unsigned"].Str("replaces_state"));
        Assert.Equal(1, (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/org.example.custom/a%2Fb")).AssertOk()["value"].GetInt32());
        (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.avatar")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.power_levels", new { ban = "fifty" })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
    }

    [Fact]
    public async Task State_NeedsPower()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);

        var error = (await bob.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.name", new { name = "mine" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");

        Assert.Contains("power level", error.GetString("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeftMember_SeesStateAsItWasWhenTheyLeft()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat", name = "Before" });
        await bob.JoinAsync(roomId);
        (await bob.PostAsync($"{RoomApi.Room(roomId)}/leave")).AssertOk();
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.name", new { name = "After" })).AssertOk();

        var name = (await bob.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.name")).AssertOk().GetString("name");
        var state = (await bob.GetAsync($"{RoomApi.Room(roomId)}/state")).AssertOk().Body;

        Assert.Equal("Before", name);
        Assert.Equal("Before", state.EnumerateArray().Single(e => e.Str("type") == "m.room.name").GetProperty("content").Str("name"));
        Assert.Equal(JsonValueKind.Array, state.ValueKind);
    }
}
