using System.Net;
using System.Text.Json;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Rooms;

public sealed class CreateRoomTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task CreateRoom_JoinsTheCreator_AndSetsPresetState()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Alice");

        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat", name = "Lobby", topic = "Hello" });

        Assert.Contains(roomId, (await alice.GetAsync($"{RoomApi.V3}/joined_rooms")).AssertOk()["joined_rooms"].EnumerateArray().Select(r => r.GetString()));
        var state = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state")).AssertOk().Body.EnumerateArray().ToList();
        foreach (var e in state)
        {
            RoomApi.AssertClientEvent(e, roomId);
        }

        string? Content(string type, string field) => state.Single(e => e.Str("type") == type).GetProperty("content").Str(field);
        Assert.Equal("11", Content("m.room.create", "room_version"));
        Assert.Equal("public", Content("m.room.join_rules", "join_rule"));
        Assert.Equal("shared", Content("m.room.history_visibility", "history_visibility"));
        Assert.Equal("Lobby", Content("m.room.name", "name"));
        Assert.Equal("Hello", Content("m.room.topic", "topic"));
        Assert.Equal("Alice", Content("m.room.member", "displayname"));
        var joined = (await alice.GetAsync($"{RoomApi.Room(roomId)}/joined_members")).AssertOk()["joined"];
        Assert.Equal("Alice", joined.GetProperty(alice.UserId).Str("display_name"));
    }

    [Fact]
    public async Task CreateRoom_WithUnsupportedVersion_IsRejected()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync($"{RoomApi.V3}/createRoom", new { room_version = "9" })).AssertError(HttpStatusCode.BadRequest, "M_UNSUPPORTED_ROOM_VERSION");
    }

    [Fact]
    public async Task CreateRoom_Version10_IsSupported()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { room_version = "10" });

        var create = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.create")).AssertOk();

        Assert.Equal("10", create.GetString("room_version"));
        Assert.Equal(alice.UserId, create.GetString("creator"));
    }

    [Fact]
    public async Task CreateRoom_WithTakenAlias_IsRoomInUse_AndTheAliasJoins()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var aliasName = "lobby-" + Guid.NewGuid().ToString("N");
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat", room_alias_name = aliasName });

        (await bob.PostAsync($"{RoomApi.V3}/createRoom", new { room_alias_name = aliasName })).AssertError(HttpStatusCode.BadRequest, "M_ROOM_IN_USE");
        var alias = $"#{aliasName}:{fixture.Silo.ServerName}";
        var joined = (await bob.PostAsync($"{RoomApi.V3}/join/{MatrixTestClient.Escape(alias)}")).AssertOk();

        Assert.Equal(roomId, joined.GetString("room_id"));
        Assert.Equal(alias, (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.canonical_alias/")).AssertOk().GetString("alias"));
    }

    [Fact]
    public async Task CreateRoom_InvitesAreDirectWhenAsked_AndPowerLevelOverrideApplies()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new
        {
            preset = "trusted_private_chat",
            is_direct = true,
            invite = new[] { bob.UserId },
            power_level_content_override = new { events_default = 10 },
            initial_state = new[] { new { type = "m.room.encryption", state_key = "", content = new { algorithm = "m.megolm.v1.aes-sha2" } } },
        });

        var invite = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.member/{MatrixTestClient.Escape(bob.UserId)}")).AssertOk();
        var powerLevels = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.power_levels/")).AssertOk();
        var encryption = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.encryption?format=event")).AssertOk();

        Assert.Equal("invite", invite.GetString("membership"));
        Assert.Equal(JsonValueKind.True, invite["is_direct"].ValueKind);
        Assert.Equal(10, powerLevels["events_default"].GetInt32());
        Assert.Equal(100, powerLevels["users"].GetProperty(bob.UserId).GetInt32());
        Assert.Equal("m.megolm.v1.aes-sha2", encryption["content"].Str("algorithm"));
        Assert.Equal("m.room.encryption", encryption.GetString("type"));
    }

    [Theory]
    [InlineData("""{"invite": "not-an-array"}""", "M_BAD_JSON")]
    [InlineData("""{"invite": ["not-a-user"]}""", "M_INVALID_PARAM")]
    [InlineData("""{"name": 5}""", "M_BAD_JSON")]
    [InlineData("""{"preset": "secret_chat"}""", "M_INVALID_PARAM")]
    [InlineData("""{"initial_state": [{"type": "m.room.member", "state_key": "@x:y", "content": {}}]}""", "M_INVALID_ROOM_STATE")]
    [InlineData("""{"power_level_content_override": {"ban": "50"}}""", "M_BAD_JSON")]
    [InlineData("""{"creation_content": []}""", "M_BAD_JSON")]
    [InlineData("""{"name": """, "M_NOT_JSON")]
    public async Task CreateRoom_WithBadInput_IsA400(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync($"{RoomApi.V3}/createRoom", body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }
}
