using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class SpacesTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    private static readonly object SpaceCreation = new { creation_content = new Dictionary<string, object> { ["type"] = "m.space" }, preset = "public_chat", name = "Space" };

    [Fact]
    public async Task Hierarchy_WalksChildren_BreadthFirst_WithChildrenState()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var (space, subspace, roomA, roomB) = await BuildTreeAsync(alice);

        var response = (await alice.GetAsync($"{ExtrasApi.RoomV1(space)}/hierarchy")).AssertOk();
        var rooms = response["rooms"].EnumerateArray().ToList();

        Assert.Equal([space, roomA, subspace, roomB], rooms.Select(r => r.Str("room_id")));
        Assert.Equal("m.space", rooms[0].Str("room_type"));
        Assert.Equal(2, rooms[0].GetProperty("children_state").GetArrayLength());
        var child = rooms[0].GetProperty("children_state")[0];
        Assert.Equal("m.space.child", child.Str("type"));
        Assert.Equal(roomA, child.Str("state_key"));
        Assert.True(child.TryGetProperty("origin_server_ts", out _));
        Assert.Empty(rooms[1].GetProperty("children_state").EnumerateArray());
        Assert.Equal(1, rooms[1].GetProperty("num_joined_members").GetInt32());
        Assert.False(response.Has("next_batch"));
    }

    [Fact]
    public async Task Hierarchy_MaxDepthLimitAndSuggestedOnly()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var (space, subspace, roomA, roomB) = await BuildTreeAsync(alice);
        var path = $"{ExtrasApi.RoomV1(space)}/hierarchy";

        var shallow = (await alice.GetAsync(path + "?max_depth=1")).AssertOk();
        var suggested = (await alice.GetAsync(path + "?suggested_only=true")).AssertOk();
        var page1 = (await alice.GetAsync(path + "?limit=2")).AssertOk();
        var page2 = (await alice.GetAsync($"{path}?limit=2&from={page1.GetString("next_batch")}")).AssertOk();

        Assert.Equal([space, roomA, subspace], shallow["rooms"].EnumerateArray().Select(r => r.Str("room_id")));
        Assert.Equal([space, roomA], suggested["rooms"].EnumerateArray().Select(r => r.Str("room_id")));
        Assert.Equal([space, roomA], page1["rooms"].EnumerateArray().Select(r => r.Str("room_id")));
        Assert.Equal([subspace, roomB], page2["rooms"].EnumerateArray().Select(r => r.Str("room_id")));
        (await alice.GetAsync($"{path}?limit=2&max_depth=1&from={page1.GetString("next_batch")}")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task Hierarchy_HidesRoomsTheUserMayNotSee()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var space = await alice.CreateRoomAsync(SpaceCreation);
        var secret = await alice.CreateRoomAsync(new { preset = "private_chat" });
        var open = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await alice.PutStateAsync(space, "m.space.child", secret, new { via = new[] { fixture.Silo.ServerName } });
        await alice.PutStateAsync(space, "m.space.child", open, new { via = new[] { fixture.Silo.ServerName } });
        var privateSpace = await alice.CreateRoomAsync(new { creation_content = new Dictionary<string, object> { ["type"] = "m.space" } });

        var forBob = (await bob.GetAsync($"{ExtrasApi.RoomV1(space)}/hierarchy")).AssertOk();

        Assert.Equal([space, open], forBob["rooms"].EnumerateArray().Select(r => r.Str("room_id")));
        (await bob.GetAsync($"{ExtrasApi.RoomV1(privateSpace)}/hierarchy")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await bob.GetAsync($"{ExtrasApi.RoomV1($"!nope:{fixture.Silo.ServerName}")}/hierarchy")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Theory]
    [InlineData("?suggested_only=yes")]
    [InlineData("?limit=0")]
    [InlineData("?max_depth=-1")]
    [InlineData("?from=bogus")]
    public async Task Hierarchy_BadQuery_Is400(string query)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var space = await alice.CreateRoomAsync(SpaceCreation);

        (await alice.GetAsync($"{ExtrasApi.RoomV1(space)}/hierarchy{query}")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    /// <summary>space → (roomA suggested, subspace) ; subspace → roomB. A child without <c>via</c> is ignored.</summary>
    private async Task<(string Space, string Subspace, string RoomA, string RoomB)> BuildTreeAsync(MatrixTestClient alice)
    {
        var via = new[] { fixture.Silo.ServerName };
        var space = await alice.CreateRoomAsync(SpaceCreation);
        var subspace = await alice.CreateRoomAsync(SpaceCreation);
        var roomA = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var roomB = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var ignored = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await alice.PutStateAsync(space, "m.space.child", roomA, new { via, suggested = true, order = "a" });
        await alice.PutStateAsync(space, "m.space.child", subspace, new { via, order = "b" });
        await alice.PutStateAsync(space, "m.space.child", ignored, new { });
        await alice.PutStateAsync(subspace, "m.space.child", roomB, new { via });
        return (space, subspace, roomA, roomB);
    }
}
