using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class UserDirectoryTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    private const string Search = RoomApi.V3 + "/user_directory/search";

    [Fact]
    public async Task Search_FindsUsersSharingARoom_ByDisplayNameOrUserId()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Bob " + tag);
        var roomId = await alice.CreateRoomAsync(new { invite = new[] { bob.UserId } });
        await bob.JoinAsync(roomId);

        var byName = (await alice.PostAsync(Search, new { search_term = tag.ToUpperInvariant() })).AssertOk();
        var byId = (await alice.PostAsync(Search, new { search_term = bob.Localpart })).AssertOk();

        var result = Assert.Single(byName["results"].EnumerateArray());
        Assert.Equal(bob.UserId, result.Str("user_id"));
        Assert.Equal("Bob " + tag, result.Str("display_name"));
        Assert.False(byName["limited"].GetBoolean());
        Assert.Equal([bob.UserId], byId["results"].EnumerateArray().Select(r => r.Str("user_id")));
    }

    [Fact]
    public async Task Search_FindsMembersOfPublishedRooms_ButNotOfPrivateRoomsTheSearcherIsNotIn()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var carol = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Carol " + tag);
        var dave = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Dave " + tag);
        await carol.CreateRoomAsync(new { visibility = "public" });
        await dave.CreateRoomAsync(new { preset = "private_chat" });

        var found = (await alice.PostAsync(Search, new { search_term = tag })).AssertOk();

        Assert.Equal([carol.UserId], found["results"].EnumerateArray().Select(r => r.Str("user_id")));
    }

    [Fact]
    public async Task Search_RespectsTheLimit()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        for (var i = 0; i < 3; i++)
        {
            var member = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: $"Member {tag} {i}");
            await member.JoinAsync(roomId);
        }

        var found = (await alice.PostAsync(Search, new { search_term = tag, limit = 2 })).AssertOk();

        Assert.Equal(2, found["results"].GetArrayLength());
        Assert.True(found["limited"].GetBoolean());
    }

    [Fact]
    public async Task Search_BadRequests_Are400()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(Search, new { })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
        (await alice.PostAsync(Search, new { search_term = 5 })).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
        (await alice.PostAsync(Search, new { search_term = "x", limit = -1 })).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await MatrixTestClient.Anonymous(fixture.Silo).PostAsync(Search, new { search_term = "x" })).AssertError(HttpStatusCode.Unauthorized, "M_MISSING_TOKEN");
    }
}
