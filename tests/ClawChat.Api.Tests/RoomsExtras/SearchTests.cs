using System.Net;
using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class SearchTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    private const string Search = RoomApi.V3 + "/search";

    [Fact]
    public async Task Search_FindsMessagesInTheUsersRooms_NewestFirst()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var room1 = await alice.CreateRoomAsync();
        var room2 = await alice.CreateRoomAsync();
        var older = await alice.SendTextAsync(room1, $"the {tag} is here");
        await alice.SendTextAsync(room1, "nothing to see");

        // "recent" orders by origin_server_ts across rooms: make sure the two hits are not in the same millisecond.
        await Task.Delay(5);
        var newer = await alice.SendTextAsync(room2, $"Another {tag.ToUpperInvariant()} mention");

        var response = (await alice.PostAsync(Search, RoomEvents(new { search_term = tag, order_by = "recent" }))).AssertOk();
        var roomEvents = response["search_categories"].GetProperty("room_events");
        var results = roomEvents.GetProperty("results").EnumerateArray().ToList();

        Assert.Equal([newer, older], results.Select(r => r.GetProperty("result").Str("event_id")));
        Assert.Equal(JsonValueKind.Number, results[0].GetProperty("rank").ValueKind);
        Assert.Equal(2, roomEvents.GetProperty("count").GetInt32());
        Assert.Contains(tag, roomEvents.GetProperty("highlights").EnumerateArray().Select(h => h.GetString()));
        Assert.False(roomEvents.TryGetProperty("next_batch", out _));
    }

    [Fact]
    public async Task Search_MatchesWordPrefixes_AndTheChosenKeys()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { name = $"Named {tag}xyz" });
        var message = await alice.SendTextAsync(roomId, $"prefix {tag}xyz works");

        var byBody = (await alice.PostAsync(Search, RoomEvents(new { search_term = tag, keys = new[] { "content.body" } }))).AssertOk();
        var byName = (await alice.PostAsync(Search, RoomEvents(new { search_term = "named " + tag, keys = new[] { "content.name" } }))).AssertOk();
        var both = (await alice.PostAsync(Search, RoomEvents(new { search_term = "works " + tag }))).AssertOk();

        Assert.Equal([message], Ids(byBody));
        Assert.Equal(["m.room.name"], Results(byName).Select(r => r.GetProperty("result").Str("type")));
        Assert.Equal([message], Ids(both));
    }

    [Fact]
    public async Task Search_OnlyFindsWhatTheUserMaySee()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await alice.PutStateAsync(roomId, "m.room.history_visibility", "", new { history_visibility = "joined" });
        await alice.SendTextAsync(roomId, $"before {tag}");
        await bob.JoinAsync(roomId);
        var after = await alice.SendTextAsync(roomId, $"after {tag}");
        var redacted = await alice.SendTextAsync(roomId, $"gone {tag}");
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape(redacted)}/r1", new { })).AssertOk();

        Assert.Equal([after], Ids((await bob.PostAsync(Search, RoomEvents(new { search_term = tag }))).AssertOk()));
        Assert.Empty(Ids((await eve.PostAsync(Search, RoomEvents(new { search_term = tag }))).AssertOk()));
    }

    [Fact]
    public async Task Search_PaginatesWithNextBatch_AndReturnsContext()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Alice");
        var roomId = await alice.CreateRoomAsync();
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await alice.SendTextAsync(roomId, $"{tag} number {i}"));
            await alice.SendTextAsync(roomId, $"filler {i}");
        }

        var seen = new List<string>();
        string? next = null;
        for (var page = 0; page < 10; page++)
        {
            var body = RoomEvents(new
            {
                search_term = tag,
                order_by = "recent",
                filter = new { limit = 2 },
                event_context = new { before_limit = 1, after_limit = 1, include_profile = true },
                include_state = true,
                groupings = new { group_by = new[] { new { key = "room_id" } } },
            });
            var response = (await alice.PostAsync(next is null ? Search : $"{Search}?next_batch={Uri.EscapeDataString(next)}", body)).AssertOk();
            var roomEvents = response["search_categories"].GetProperty("room_events");
            foreach (var result in roomEvents.GetProperty("results").EnumerateArray())
            {
                seen.Add(result.GetProperty("result").Str("event_id")!);
                var context = result.GetProperty("context");
                Assert.Equal(1, context.GetProperty("events_before").GetArrayLength());
                Assert.StartsWith("filler", context.GetProperty("events_after")[0].Body() ?? "filler");
                Assert.Equal("Alice", context.GetProperty("profile_info").GetProperty(alice.UserId).Str("displayname"));
                Assert.StartsWith("s", context.Str("start"));
            }

            Assert.True(roomEvents.GetProperty("state").TryGetProperty(roomId, out _));
            Assert.True(roomEvents.GetProperty("groups").GetProperty("room_id").TryGetProperty(roomId, out _));
            next = roomEvents.TryGetProperty("next_batch", out var token) ? token.GetString() : null;
            if (next is null)
            {
                break;
            }
        }

        sent.Reverse();
        Assert.Equal(sent, seen);
    }

    [Theory]
    [InlineData("""{}""", "M_MISSING_PARAM")]
    [InlineData("""{"search_categories": {"room_events": {}}}""", "M_MISSING_PARAM")]
    [InlineData("""{"search_categories": {"room_events": {"search_term": "x", "order_by": "size"}}}""", "M_INVALID_PARAM")]
    [InlineData("""{"search_categories": {"room_events": {"search_term": "x", "keys": ["content.url"]}}}""", "M_INVALID_PARAM")]
    [InlineData("""{"search_categories": {"room_events": {"search_term": 3}}}""", "M_BAD_JSON")]
    [InlineData("""{"search_categories": """, "M_NOT_JSON")]
    public async Task Search_BadRequests_Are400(string body, string errcode)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(Search, body)).AssertError(HttpStatusCode.BadRequest, errcode);
    }

    [Fact]
    public async Task Search_WithABadToken_Is400()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync($"{Search}?next_batch=nope", RoomEvents(new { search_term = "x" }))).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    private static object RoomEvents(object criteria) => new { search_categories = new { room_events = criteria } };

    private static List<JsonElement> Results(MatrixResponse response) =>
        [.. response["search_categories"].GetProperty("room_events").GetProperty("results").EnumerateArray()];

    private static List<string?> Ids(MatrixResponse response) => [.. Results(response).Select(r => r.GetProperty("result").Str("event_id"))];
}
