using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class RoomUpgradeTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    /// <summary>A user with a custom level, to check that the old room's users levels are copied.</summary>
    private const string Moderator = "@moderator:elsewhere.example";

    [Fact]
    public async Task Upgrade_CreatesTheReplacement_CopiesState_AndTombstonesTheOldRoom()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var mallory = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var localpart = "up-" + Guid.NewGuid().ToString("N");
        var alias = $"#{localpart}:{fixture.Silo.ServerName}";
        var oldRoom = await alice.CreateRoomAsync(new { preset = "public_chat", visibility = "public", room_version = "10", name = "Old", topic = "Topic", room_alias_name = localpart });
        await bob.JoinAsync(oldRoom);
        await mallory.JoinAsync(oldRoom);
        (await alice.PostAsync($"{RoomApi.Room(oldRoom)}/ban", new { user_id = mallory.UserId })).AssertOk();
        await alice.PutStateAsync(oldRoom, "m.room.power_levels", "", new Dictionary<string, object>
        {
            ["users"] = new Dictionary<string, int> { [alice.UserId] = 100, [Moderator] = 50 },
            ["events"] = new Dictionary<string, int> { ["m.room.tombstone"] = 100, ["m.room.power_levels"] = 100 },
        });

        var upgraded = (await alice.PostAsync($"{RoomApi.Room(oldRoom)}/upgrade", new { new_version = "11" })).AssertOk();
        var newRoom = upgraded.GetString("replacement_room")!;

        Assert.NotEqual(oldRoom, newRoom);
        var tombstone = (await alice.GetAsync($"{RoomApi.Room(oldRoom)}/state/m.room.tombstone")).AssertOk();
        Assert.Equal(newRoom, tombstone.GetString("replacement_room"));
        var create = (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.create")).AssertOk();
        Assert.Equal("11", create.GetString("room_version"));
        Assert.Equal(oldRoom, create["predecessor"].Str("room_id"));
        Assert.Equal("Old", (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.name")).AssertOk().GetString("name"));
        Assert.Equal("Topic", (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.topic")).AssertOk().GetString("topic"));
        Assert.Equal("public", (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.join_rules")).AssertOk().GetString("join_rule"));
        var newLevels = (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.power_levels")).AssertOk();
        Assert.Equal(50, newLevels["users"].GetProperty(Moderator).GetInt32());
        Assert.Equal(100, newLevels["users"].GetProperty(alice.UserId).GetInt32());
        var oldLevels = (await alice.GetAsync($"{RoomApi.Room(oldRoom)}/state/m.room.power_levels")).AssertOk();
        Assert.Equal(50, oldLevels["events_default"].GetInt32());
        Assert.Equal(50, oldLevels["invite"].GetInt32());
        Assert.Equal("ban", (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.member/{MatrixTestClient.Escape(mallory.UserId)}")).AssertOk().GetString("membership"));

        // Aliases, the canonical alias and the directory listing moved.
        Assert.Equal(newRoom, (await alice.GetAsync(ExtrasApi.Alias(alias))).AssertOk().GetString("room_id"));
        Assert.Equal(alias, (await alice.GetAsync($"{RoomApi.Room(newRoom)}/state/m.room.canonical_alias")).AssertOk().GetString("alias"));
        Assert.Equal([alias], (await alice.GetAsync($"{RoomApi.Room(newRoom)}/aliases")).AssertOk()["aliases"].EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("public", (await alice.GetAsync($"{RoomApi.V3}/directory/list/room/{MatrixTestClient.Escape(newRoom)}")).AssertOk().GetString("visibility"));
        Assert.Equal("private", (await alice.GetAsync($"{RoomApi.V3}/directory/list/room/{MatrixTestClient.Escape(oldRoom)}")).AssertOk().GetString("visibility"));

        // Ordinary members can no longer talk in the old room; they can join the new one.
        (await bob.PutAsync($"{RoomApi.Room(oldRoom)}/send/m.room.message/{Guid.NewGuid():N}", new { msgtype = "m.text", body = "hi" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        await bob.JoinAsync(newRoom);
    }

    [Fact]
    public async Task Upgrade_WithoutPower_IsForbidden_AndNothingIsCreated()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/upgrade", new { new_version = "11" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.tombstone")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        Assert.Single((await bob.GetAsync($"{RoomApi.V3}/joined_rooms")).AssertOk()["joined_rooms"].EnumerateArray());
    }

    [Fact]
    public async Task Upgrade_BadRequests_Are400Or404()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.PostAsync($"{RoomApi.Room(roomId)}/upgrade", new { new_version = "999" })).AssertError(HttpStatusCode.BadRequest, "M_UNSUPPORTED_ROOM_VERSION");
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/upgrade", new { })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/upgrade", new { new_version = 11 })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
        (await alice.PostAsync($"{RoomApi.Room($"!nope:{fixture.Silo.ServerName}")}/upgrade", new { new_version = "11" })).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }
}
