using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class AliasTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task PutAlias_ResolvesWithoutAToken_AndIsListedForMembers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var alias = ExtrasApi.NewAlias(alice);

        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertOk();
        var resolved = (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(ExtrasApi.Alias(alias))).AssertOk();
        var listed = (await alice.GetAsync($"{RoomApi.Room(roomId)}/aliases")).AssertOk();

        Assert.Equal(roomId, resolved.GetString("room_id"));
        Assert.Equal([fixture.Silo.ServerName], resolved["servers"].EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([alias], listed["aliases"].EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task PutAlias_ThatExists_Is409Unknown()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var otherRoom = await alice.CreateRoomAsync();
        var alias = ExtrasApi.NewAlias(alice);
        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertOk();

        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = otherRoom })).AssertError(HttpStatusCode.Conflict, "M_UNKNOWN");
        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertError(HttpStatusCode.Conflict, "M_UNKNOWN");
    }

    [Fact]
    public async Task CreateRoom_AliasName_IsListed()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var localpart = "c-" + Guid.NewGuid().ToString("N");
        var roomId = await alice.CreateRoomAsync(new { room_alias_name = localpart });

        var listed = (await alice.GetAsync($"{RoomApi.Room(roomId)}/aliases")).AssertOk();

        Assert.Equal([$"#{localpart}:{fixture.Silo.ServerName}"], listed["aliases"].EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("not-an-alias", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    [InlineData("#remote:elsewhere.example", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    public async Task PutAlias_Invalid_Is400(string alias, HttpStatusCode status, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertError(status, errcode);
    }

    [Fact]
    public async Task PutAlias_BadBody_Is400_AndNonMemberIsForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var alias = ExtrasApi.NewAlias(alice);

        (await alice.PutAsync(ExtrasApi.Alias(alias), new { })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = "nope" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = $"!unknown:{fixture.Silo.ServerName}" })).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await eve.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.GetAsync(ExtrasApi.Alias(alias))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task GetAliases_ByNonMember_IsForbidden_UnlessWorldReadable()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await eve.GetAsync($"{RoomApi.Room(roomId)}/aliases")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        await alice.PutStateAsync(roomId, "m.room.history_visibility", "", new { history_visibility = "world_readable" });
        (await eve.GetAsync($"{RoomApi.Room(roomId)}/aliases")).AssertOk();
    }

    [Fact]
    public async Task DeleteAlias_ByCreatorOrModerator_ButNotByOthers()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var bobsAlias = ExtrasApi.NewAlias(alice);
        var alicesAlias = ExtrasApi.NewAlias(alice);
        (await bob.PutAsync(ExtrasApi.Alias(bobsAlias), new { room_id = roomId })).AssertOk();
        (await alice.PutAsync(ExtrasApi.Alias(alicesAlias), new { room_id = roomId })).AssertOk();

        (await bob.DeleteAsync(ExtrasApi.Alias(alicesAlias))).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.DeleteAsync(ExtrasApi.Alias(bobsAlias))).AssertOk();
        (await alice.DeleteAsync(ExtrasApi.Alias(alicesAlias))).AssertOk();
        (await alice.DeleteAsync(ExtrasApi.Alias(alicesAlias))).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");

        Assert.Empty((await alice.GetAsync($"{RoomApi.Room(roomId)}/aliases")).AssertOk()["aliases"].EnumerateArray());
    }

    [Fact]
    public async Task CanonicalAlias_MustPointToTheRoom()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var otherRoom = await alice.CreateRoomAsync();
        var alias = ExtrasApi.NewAlias(alice);
        var elsewhere = ExtrasApi.NewAlias(alice);
        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertOk();
        (await alice.PutAsync(ExtrasApi.Alias(elsewhere), new { room_id = otherRoom })).AssertOk();
        var path = $"{RoomApi.Room(roomId)}/state/m.room.canonical_alias";

        (await alice.PutAsync(path, new { alias })).AssertOk();
        (await alice.PutAsync(path, new { alias, alt_aliases = new[] { alias } })).AssertOk();
        (await alice.PutAsync(path, new { alias = elsewhere })).AssertError(HttpStatusCode.BadRequest, "M_BAD_ALIAS");
        (await alice.PutAsync(path, new { alias, alt_aliases = new[] { ExtrasApi.NewAlias(alice) } })).AssertError(HttpStatusCode.BadRequest, "M_BAD_ALIAS");
        (await alice.PutAsync(path, new { alias = "not an alias" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(path, new { alt_aliases = "#x:y" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.PutAsync(path, new { })).AssertOk();
    }

    [Fact]
    public async Task DeleteAlias_RemovesItFromTheCanonicalAlias()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var alias = ExtrasApi.NewAlias(alice);
        (await alice.PutAsync(ExtrasApi.Alias(alias), new { room_id = roomId })).AssertOk();
        await alice.PutStateAsync(roomId, "m.room.canonical_alias", "", new { alias, alt_aliases = new[] { alias } });

        (await alice.DeleteAsync(ExtrasApi.Alias(alias))).AssertOk();
        var content = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.canonical_alias")).AssertOk();

        Assert.False(content.Has("alias"));
        Assert.Empty(content["alt_aliases"].EnumerateArray());
    }
}
