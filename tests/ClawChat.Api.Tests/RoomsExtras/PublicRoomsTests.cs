using System.Net;
using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class PublicRoomsTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    private const string PublicRooms = RoomApi.V3 + "/publicRooms";

    [Fact]
    public async Task CreateRoom_WithPublicVisibility_IsListed_WithTheSpecFields()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var tag = Guid.NewGuid().ToString("N");
        var localpart = "pub-" + tag;
        var roomId = await alice.CreateRoomAsync(new { visibility = "public", name = "Room " + tag, topic = "About " + tag, room_alias_name = localpart });
        await bob.JoinAsync(roomId);

        var chunk = await FindAsync(alice, tag, roomId);

        Assert.NotNull(chunk);
        Assert.Equal("Room " + tag, chunk.Value.Str("name"));
        Assert.Equal("About " + tag, chunk.Value.Str("topic"));
        Assert.Equal($"#{localpart}:{fixture.Silo.ServerName}", chunk.Value.Str("canonical_alias"));
        Assert.Equal(2, chunk.Value.GetProperty("num_joined_members").GetInt32());
        Assert.False(chunk.Value.GetProperty("world_readable").GetBoolean());
        Assert.False(chunk.Value.GetProperty("guest_can_join").GetBoolean());
        Assert.Equal("public", chunk.Value.Str("join_rule"));
        Assert.False(chunk.Value.TryGetProperty("room_type", out _));
        Assert.Equal("public", (await alice.GetAsync($"{RoomApi.V3}/directory/list/room/{MatrixTestClient.Escape(roomId)}")).AssertOk().GetString("visibility"));
    }

    [Fact]
    public async Task PrivateRoom_IsNotListed_UntilPublished_AndUnpublishing_RemovesIt()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var tag = Guid.NewGuid().ToString("N");
        var roomId = await alice.CreateRoomAsync(new { name = "Room " + tag });
        var visibility = $"{RoomApi.V3}/directory/list/room/{MatrixTestClient.Escape(roomId)}";

        Assert.Null(await FindAsync(alice, tag, roomId));
        Assert.Equal("private", (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(visibility)).AssertOk().GetString("visibility"));
        (await alice.PutAsync(visibility, new { visibility = "public" })).AssertOk();
        Assert.NotNull(await FindAsync(alice, tag, roomId));
        (await alice.PutAsync(visibility, new { visibility = "private" })).AssertOk();
        Assert.Null(await FindAsync(alice, tag, roomId));
    }

    [Fact]
    public async Task Publishing_NeedsPower()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var visibility = $"{RoomApi.V3}/directory/list/room/{MatrixTestClient.Escape(roomId)}";

        (await bob.PutAsync(visibility, new { visibility = "public" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await eve.PutAsync(visibility, new { visibility = "public" })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.PutAsync(visibility, new { visibility = "secret" })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.GetAsync($"{RoomApi.V3}/directory/list/room/{MatrixTestClient.Escape($"!nope:{fixture.Silo.ServerName}")}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Fact]
    public async Task Pagination_WalksEveryRoomOnce()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var tag = Guid.NewGuid().ToString("N");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await alice.CreateRoomAsync(new { visibility = "public", name = $"Paged {tag} {i}" }));
        }

        var seen = new List<string>();
        string? since = null;
        for (var page = 0; page < 10; page++)
        {
            var body = new Dictionary<string, object> { ["limit"] = 2, ["filter"] = new { generic_search_term = tag } };
            if (since is not null)
            {
                body["since"] = since;
            }

            var response = (await alice.PostAsync(PublicRooms, body)).AssertOk();
            Assert.Equal(5, response["total_room_count_estimate"].GetInt32());
            seen.AddRange(response["chunk"].EnumerateArray().Select(c => c.Str("room_id")!));
            since = response.GetString("next_batch");
            if (since is null)
            {
                break;
            }

            Assert.NotNull(response.GetString("next_batch"));
        }

        Assert.Equal(created.Order(), seen.Order());
    }

    [Fact]
    public async Task GetPublicRooms_WorksWithoutAToken_AndRoomTypesFilter()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var tag = Guid.NewGuid().ToString("N");
        var space = await alice.CreateRoomAsync(new { visibility = "public", name = "Space " + tag, creation_content = new Dictionary<string, object> { ["type"] = "m.space" } });
        var room = await alice.CreateRoomAsync(new { visibility = "public", name = "Plain " + tag });

        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync($"{PublicRooms}?limit=5")).AssertOk();
        var spaces = (await alice.PostAsync(PublicRooms, new { filter = new { generic_search_term = tag, room_types = new[] { "m.space" } } })).AssertOk();
        var plain = (await alice.PostAsync(PublicRooms, new { filter = new { generic_search_term = tag, room_types = new string?[] { null } } })).AssertOk();

        Assert.Equal([space], spaces["chunk"].EnumerateArray().Select(c => c.Str("room_id")));
        Assert.Equal("m.space", spaces["chunk"][0].Str("room_type"));
        Assert.Equal([room], plain["chunk"].EnumerateArray().Select(c => c.Str("room_id")));
    }

    [Theory]
    [InlineData("?since=bogus")]
    [InlineData("?limit=-1")]
    public async Task GetPublicRooms_BadQuery_Is400(string query)
    {
        (await MatrixTestClient.Anonymous(fixture.Silo).GetAsync(PublicRooms + query)).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task PostPublicRooms_NeedsAToken_AndRejectsBadFilters()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await MatrixTestClient.Anonymous(fixture.Silo).PostAsync(PublicRooms, new { })).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
        (await alice.PostAsync(PublicRooms, new { filter = "x" })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
        (await alice.PostAsync(PublicRooms, new { limit = "ten" })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
    }

    private static async Task<JsonElement?> FindAsync(MatrixTestClient client, string tag, string roomId)
    {
        var response = (await client.PostAsync(PublicRooms, new { filter = new { generic_search_term = tag } })).AssertOk();
        foreach (var chunk in response["chunk"].EnumerateArray())
        {
            if (chunk.Str("room_id") == roomId)
            {
                return chunk;
            }
        }

        return null;
    }
}
