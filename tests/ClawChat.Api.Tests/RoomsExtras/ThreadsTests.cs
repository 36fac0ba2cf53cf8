using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class ThreadsTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task ThreadRoot_CarriesTheThreadAggregation()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var root = await alice.SendTextAsync(roomId, "root");
        await bob.ThreadReplyAsync(roomId, root, "one");
        var latest = await bob.ThreadReplyAsync(roomId, root, "two");

        var forAlice = (await alice.GetEventAsync(roomId, root)).Relations()!.Value.GetProperty("m.thread");
        var forBob = (await bob.GetEventAsync(roomId, root)).Relations()!.Value.GetProperty("m.thread");

        Assert.Equal(latest, forAlice.GetProperty("latest_event").Str("event_id"));
        Assert.Equal("two", forAlice.GetProperty("latest_event").Body());
        Assert.Equal(2, forAlice.GetProperty("count").GetInt32());
        Assert.True(forAlice.GetProperty("current_user_participated").GetBoolean());
        Assert.True(forBob.GetProperty("current_user_participated").GetBoolean());
    }

    [Fact]
    public async Task Threads_ListsRootsByLatestActivity_AndFiltersParticipated()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var carol = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        await carol.JoinAsync(roomId);
        var first = await alice.SendTextAsync(roomId, "first root");
        var second = await bob.SendTextAsync(roomId, "second root");
        await bob.ThreadReplyAsync(roomId, first, "reply to first");
        await bob.ThreadReplyAsync(roomId, second, "reply to second");
        await alice.ThreadReplyAsync(roomId, first, "first again");
        var threads = $"{ExtrasApi.RoomV1(roomId)}/threads";

        var all = (await carol.GetAsync(threads)).AssertOk();
        var page1 = (await carol.GetAsync(threads + "?limit=1")).AssertOk();
        var page2 = (await carol.GetAsync($"{threads}?limit=1&from={page1.GetString("next_batch")}")).AssertOk();
        var alices = (await alice.GetAsync(threads + "?include=participated")).AssertOk();
        var carols = (await carol.GetAsync(threads + "?include=participated")).AssertOk();

        Assert.Equal([first, second], all["chunk"].EventIds());
        Assert.Equal(2, all["chunk"][0].Relations()!.Value.GetProperty("m.thread").GetProperty("count").GetInt32());
        Assert.False(all.Has("next_batch"));
        Assert.Equal([first], page1["chunk"].EventIds());
        Assert.Equal([second], page2["chunk"].EventIds());
        Assert.False(page2.Has("next_batch"));
        Assert.Equal([first], alices["chunk"].EventIds());
        Assert.Empty(carols["chunk"].EnumerateArray());
    }

    [Fact]
    public async Task StartingAThread_FromAnEventWithARelation_Is400()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var root = await alice.SendTextAsync(roomId, "root");
        var reply = await alice.ThreadReplyAsync(roomId, root, "reply");

        var response = await alice.PutAsync($"{RoomApi.Room(roomId)}/send/m.room.message/{Guid.NewGuid():N}", new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = "nested",
            ["m.relates_to"] = new { rel_type = "m.thread", event_id = reply },
        });

        response.AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
    }

    [Theory]
    [InlineData("?include=some")]
    [InlineData("?limit=0")]
    [InlineData("?from=x1")]
    public async Task Threads_BadQuery_Is400(string query)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.GetAsync($"{ExtrasApi.RoomV1(roomId)}/threads{query}")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task Threads_ForANonMember_IsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await eve.GetAsync($"{ExtrasApi.RoomV1(roomId)}/threads")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }
}
