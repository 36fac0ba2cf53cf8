using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>Account data and tags (DIGEST §16, spec account-data.yaml and tags.yaml).</summary>
public sealed class AccountDataTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    private static string Global(MatrixTestClient c, string type) => $"{RoomApi.V3}/user/{MatrixTestClient.Escape(c.UserId)}/account_data/{type}";

    private static string PerRoom(MatrixTestClient c, string roomId, string type) =>
        $"{RoomApi.V3}/user/{MatrixTestClient.Escape(c.UserId)}/rooms/{MatrixTestClient.Escape(roomId)}/account_data/{type}";

    private static string Tags(MatrixTestClient c, string roomId) => $"{RoomApi.V3}/user/{MatrixTestClient.Escape(c.UserId)}/rooms/{MatrixTestClient.Escape(roomId)}/tags";

    [Fact]
    public async Task AccountData_RoundTrips_AndShowsUpInSync()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        (await alice.PutAsync(Global(alice, "org.example.global"), new { answer = 42 })).AssertOk();
        (await alice.PutAsync(PerRoom(alice, roomId, "org.example.room"), new { pinned = true })).AssertOk();

        var global = (await alice.GetAsync(Global(alice, "org.example.global"))).AssertOk();
        var room = (await alice.GetAsync(PerRoom(alice, roomId, "org.example.room"))).AssertOk();
        var initial = await alice.SyncAsync();
        (await alice.PutAsync(Global(alice, "org.example.global"), new { answer = 43 })).AssertOk();
        var incremental = await alice.SyncAsync(initial.NextBatch());

        Assert.Equal(42, global["answer"].GetInt32());
        Assert.True(room["pinned"].GetBoolean());
        Assert.Contains(initial["account_data"].GetProperty("events").EnumerateArray(), e => e.Str("type") == "org.example.global");
        Assert.Contains(initial.Joined(roomId).Events("account_data"), e => e.Str("type") == "org.example.room");
        var changed = Assert.Single(incremental["account_data"].GetProperty("events").EnumerateArray());
        Assert.Equal(43, changed.GetProperty("content").GetProperty("answer").GetInt32());
        Assert.Null(incremental.Room("join", roomId));
    }

    [Fact]
    public async Task AccountData_Missing_IsNotFound_OthersForbidden_ServerManagedRefused()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.GetAsync(Global(alice, "org.example.none"))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await bob.GetAsync(Global(alice, "org.example.none"))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await bob.PutAsync(Global(alice, "org.example.x"), new { })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.PutAsync(Global(alice, "m.push_rules"), new { })).AssertError(HttpStatusCode.MethodNotAllowed, "M_BAD_JSON");
        (await alice.PutAsync(PerRoom(alice, roomId, "m.fully_read"), new { event_id = "$x" })).AssertError(HttpStatusCode.MethodNotAllowed, "M_BAD_JSON");
    }

    [Fact]
    public async Task Tags_AreSetReadAndDeleted_AsMTagRoomAccountData()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var token = (await alice.SyncAsync()).NextBatch();

        (await alice.PutAsync($"{Tags(alice, roomId)}/m.favourite", new { order = 0.25 })).AssertOk();
        (await alice.PutAsync($"{Tags(alice, roomId)}/u.work", new { })).AssertOk();
        var both = (await alice.GetAsync(Tags(alice, roomId))).AssertOk();
        (await alice.DeleteAsync($"{Tags(alice, roomId)}/u.work")).AssertOk();
        var one = (await alice.GetAsync(Tags(alice, roomId))).AssertOk();
        var sync = await alice.SyncAsync(token);

        Assert.Equal(0.25, both["tags"].GetProperty("m.favourite").GetProperty("order").GetDouble());
        Assert.True(both["tags"].TryGetProperty("u.work", out _));
        Assert.False(one["tags"].TryGetProperty("u.work", out _));
        var tag = Assert.Single(sync.Joined(roomId).Events("account_data"), e => e.Str("type") == "m.tag");
        Assert.Equal(["m.favourite"], tag.GetProperty("content").GetProperty("tags").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task IgnoredUsers_AreHiddenFromSyncAndMessages_AndTheirInvitesDropped()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var carol = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        await carol.JoinAsync(roomId);
        (await alice.PutAsync(Global(alice, "m.ignored_user_list"), new { ignored_users = new Dictionary<string, object> { [bob.UserId] = new { } } })).AssertOk();
        var token = (await alice.SyncAsync()).NextBatch();

        await bob.SendTextAsync(roomId, "from ignored bob");
        await carol.SendTextAsync(roomId, "from carol");
        var bobRoom = await bob.CreateRoomAsync(new { invite = new[] { alice.UserId } });
        var sync = await alice.SyncAsync(token);
        var messages = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=20")).AssertOk();

        Assert.Equal(["from carol"], sync.Timeline(roomId).Bodies());
        Assert.Null(sync.Room("invite", bobRoom));
        Assert.DoesNotContain("from ignored bob", messages["chunk"].EnumerateArray().Bodies());
        Assert.Contains("from carol", messages["chunk"].EnumerateArray().Bodies());
    }
}
