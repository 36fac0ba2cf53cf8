using System.Net;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Rooms;

public sealed class MessagesTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task Messages_Paginates100MessagesBack_WithoutGapsOrDuplicates()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var sent = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            sent.Add(await alice.SendTextAsync(roomId, $"message {i}"));
        }

        var received = new List<string>();
        var from = string.Empty;
        var pages = 0;
        while (true)
        {
            var page = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=7{from}")).AssertOk();
            Assert.True(page.GetString("start") is { Length: > 0 });
            received.AddRange(page["chunk"].EnumerateArray().Where(e => e.Str("type") == "m.room.message").Select(e => e.Str("event_id")!));
            pages++;
            if (page.GetString("end") is not { } end)
            {
                break;
            }

            from = "&from=" + Uri.EscapeDataString(end);
        }

        sent.Reverse();
        Assert.Equal(sent, received);
        Assert.True(pages >= 15, $"expected many pages, got {pages}");
    }

    [Fact]
    public async Task Messages_Forward_FromTheStart_AndBetweenTokens()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var latest = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=1")).AssertOk().GetString("start")!;
        var a = await alice.SendTextAsync(roomId, "a");
        var b = await alice.SendTextAsync(roomId, "b");
        var head = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=1")).AssertOk().GetString("start")!;
        await alice.SendTextAsync(roomId, "c");

        var first = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=f&limit=1")).AssertOk();
        var gap = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=f&from={latest}&to={head}")).AssertOk();
        var gapBackward = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&from={head}&to={latest}")).AssertOk();

        Assert.Equal("m.room.create", first["chunk"][0].Str("type"));
        Assert.NotNull(first.GetString("end"));
        Assert.Equal([a, b], gap["chunk"].EnumerateArray().Select(e => e.Str("event_id")));
        Assert.False(gap.Has("end"));
        Assert.Equal([b, a], gapBackward["chunk"].EnumerateArray().Select(e => e.Str("event_id")));
    }

    [Fact]
    public async Task Messages_AppliesTheFilter_AndLazyLoadsMembers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        await bob.SendTextAsync(roomId, "from bob");
        await alice.SendAsync(roomId, new { msgtype = "m.image", body = "pic", url = "mxc://localhost/abc" });
        await alice.SendTextAsync(roomId, "from alice");

        var filter = Uri.EscapeDataString("""{"types":["m.room.*"],"not_types":["m.room.member"],"senders":["__SENDER__"],"lazy_load_members":true}""".Replace("__SENDER__", bob.UserId, StringComparison.Ordinal));
        var page = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&filter={filter}")).AssertOk();
        var urls = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&filter={Uri.EscapeDataString("""{"contains_url":true}""")}")).AssertOk();

        Assert.Equal(["from bob"], page["chunk"].EnumerateArray().Select(e => e.Body()));
        Assert.Equal(bob.UserId, Assert.Single(page["state"].EnumerateArray()).Str("state_key"));
        Assert.Equal(["pic"], urls["chunk"].EnumerateArray().Select(e => e.Body()));
    }

    [Theory]
    [InlineData("", "M_MISSING_PARAM")]
    [InlineData("dir=x", "M_INVALID_PARAM")]
    [InlineData("dir=b&from=garbage", "M_INVALID_PARAM")]
    [InlineData("dir=b&limit=-1", "M_INVALID_PARAM")]
    [InlineData("dir=b&filter=%7Bnot-json", "M_BAD_JSON")]
    [InlineData("dir=b&filter=%7B%22types%22%3A5%7D", "M_BAD_JSON")]
    public async Task Messages_WithBadParameters_IsA400(string query, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?{query}")).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task Messages_ForALeftMember_StopAtTheLeave()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        await alice.SendTextAsync(roomId, "seen");
        (await bob.PostAsync($"{RoomApi.Room(roomId)}/leave")).AssertOk();
        var unseen = await alice.SendTextAsync(roomId, "unseen");

        var chunk = (await bob.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=100")).AssertOk()["chunk"].EnumerateArray().ToList();

        Assert.Equal("leave", chunk[0].GetProperty("content").Str("membership"));
        Assert.Contains(chunk, e => e.Body() == "seen");
        Assert.DoesNotContain(chunk, e => e.Body() == "unseen");
        (await bob.GetAsync($"{RoomApi.Room(roomId)}/event/{MatrixTestClient.Escape(unseen)}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Context_ReturnsEventsAroundTheEvent_WithTokensThatContinue()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add(await alice.SendTextAsync(roomId, $"m{i}"));
        }

        var context = (await alice.GetAsync($"{RoomApi.Room(roomId)}/context/{MatrixTestClient.Escape(ids[4])}?limit=4")).AssertOk();
        var further = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=1&from={context.GetString("start")}")).AssertOk();
        var after = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=f&limit=1&from={context.GetString("end")}")).AssertOk();

        Assert.Equal(ids[4], context["event"].Str("event_id"));
        Assert.Equal([ids[3], ids[2]], context["events_before"].EnumerateArray().Select(e => e.Str("event_id")));
        Assert.Equal([ids[5], ids[6]], context["events_after"].EnumerateArray().Select(e => e.Str("event_id")));
        Assert.Contains(context["state"].EnumerateArray(), e => e.Str("type") == "m.room.create");
        Assert.Equal(ids[1], further["chunk"][0].Str("event_id"));
        Assert.Equal(ids[7], after["chunk"][0].Str("event_id"));
        (await alice.GetAsync($"{RoomApi.Room(roomId)}/context/{MatrixTestClient.Escape("$missing")}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Members_At_ReturnsTheMembershipAtThatToken()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var before = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=1")).AssertOk().GetString("start");
        await bob.JoinAsync(roomId);

        var then = (await alice.GetAsync($"{RoomApi.Room(roomId)}/members?at={before}")).AssertOk()["chunk"].EnumerateArray().Select(e => e.Str("state_key"));
        var now = (await alice.GetAsync($"{RoomApi.Room(roomId)}/members")).AssertOk()["chunk"].EnumerateArray().Select(e => e.Str("state_key"));

        Assert.Equal([alice.UserId], then);
        Assert.Equal([alice.UserId, bob.UserId], now);
        Assert.Equal(JsonValueKind.Array, (await alice.GetAsync($"{RoomApi.Room(roomId)}/members")).AssertOk()["chunk"].ValueKind);
    }
}
