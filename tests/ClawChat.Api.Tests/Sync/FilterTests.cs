using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>Stored filters and their semantics in <c>/sync</c> (DIGEST §7, spec filter.yaml).</summary>
public sealed class FilterTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    private static string FilterPath(MatrixTestClient client) => $"{RoomApi.V3}/user/{MatrixTestClient.Escape(client.UserId)}/filter";

    [Fact]
    public async Task Filter_IsStored_AndReadBack_AndTheSameFilterKeepsItsId()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var filter = JsonNode.Parse("""{"room":{"timeline":{"limit":7,"types":["m.room.message"]}},"presence":{"not_types":["*"]}}""")!;

        var created = (await alice.PostAsync(FilterPath(alice), filter)).AssertOk();
        var again = (await alice.PostAsync(FilterPath(alice), filter)).AssertOk();
        var read = (await alice.GetAsync($"{FilterPath(alice)}/{created.GetString("filter_id")}")).AssertOk();

        var filterId = created.GetString("filter_id")!;
        Assert.False(filterId.StartsWith('{'));
        Assert.Equal(filterId, again.GetString("filter_id"));
        Assert.Equal(7, read["room"].GetProperty("timeline").GetProperty("limit").GetInt32());
        Assert.Equal("m.room.message", read["room"].GetProperty("timeline").GetProperty("types")[0].GetString());
    }

    [Fact]
    public async Task Filter_OfAnotherUser_IsForbidden_AndAnUnknownOneNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var filterId = (await alice.PostAsync(FilterPath(alice), new { })).AssertOk().GetString("filter_id");

        (await bob.GetAsync($"{FilterPath(alice)}/{filterId}")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await bob.PostAsync(FilterPath(alice), new { })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.GetAsync($"{FilterPath(alice)}/999999")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"room":{"timeline":{"limit":"many"}}}""")]
    [InlineData("""{"event_fields":[1]}""")]
    [InlineData("""{"room":{"not_rooms":"!a:b"}}""")]
    public async Task Filter_WithWrongTypes_IsBadJson(string json)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync(FilterPath(alice), json)).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
    }

    [Fact]
    public async Task StoredFilter_AppliesTypesLimitAndRooms_ToSync()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var shown = await alice.CreateRoomAsync();
        var hidden = await alice.CreateRoomAsync();
        for (var i = 0; i < 4; i++)
        {
            await alice.SendTextAsync(shown, $"m{i}");
        }

        await alice.SendAsync(shown, new { body = "custom" }, type: "org.example.custom");
        var filter = new JsonObject
        {
            ["room"] = new JsonObject
            {
                ["not_rooms"] = new JsonArray(hidden),
                ["timeline"] = new JsonObject { ["limit"] = 2, ["types"] = new JsonArray("m.room.message") },
                ["state"] = new JsonObject { ["types"] = new JsonArray("m.room.create") },
            },
        };
        var filterId = (await alice.PostAsync(FilterPath(alice), filter)).AssertOk().GetString("filter_id")!;

        var sync = await alice.SyncAsync(filter: filterId);

        Assert.Null(sync.Room("join", hidden));
        var room = sync.Joined(shown);
        Assert.Equal(["m2", "m3"], room.Events("timeline").Bodies());
        Assert.All(room.Events("timeline"), e => Assert.Equal("m.room.message", e.Str("type")));
        Assert.Equal(["m.room.create"], room.Events("state").Select(e => e.Str("type")));
    }

    [Fact]
    public async Task InlineFilter_WithWildcardsSendersAndEventFields_IsApplied()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        await alice.SendTextAsync(roomId, "from alice");
        await bob.SendTextAsync(roomId, "from bob");
        await bob.SendAsync(roomId, new { msgtype = "m.image", body = "pic", url = "mxc://localhost/x" });
        var filter = """
            {"event_fields":["type","content.body","sender"],
             "room":{"timeline":{"types":["m.room.mess*"],"not_senders":["__ALICE__"],"contains_url":false},"state":{"not_types":["*"]}}}
            """.Replace("__ALICE__", alice.UserId, StringComparison.Ordinal);

        var sync = await alice.SyncAsync(filter: filter);

        var room = sync.Joined(roomId);
        var message = Assert.Single(room.Events("timeline"));
        Assert.Equal("""{"type":"m.room.message","content":{"body":"from bob"},"sender":"__BOB__"}""".Replace("__BOB__", bob.UserId, StringComparison.Ordinal), message.GetRawText());
        Assert.Empty(room.Events("state"));
    }

    [Fact]
    public async Task AccountDataAndPresenceFilters_AreApplied()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var accountData = $"{RoomApi.V3}/user/{MatrixTestClient.Escape(alice.UserId)}/account_data";
        (await alice.PutAsync($"{accountData}/org.example.keep", new { v = 1 })).AssertOk();
        (await alice.PutAsync($"{accountData}/org.example.drop", new { v = 2 })).AssertOk();

        var sync = await alice.SyncAsync(filter: """{"account_data":{"not_types":["org.example.drop"]},"presence":{"types":[]}}""");

        var types = sync["account_data"].GetProperty("events").EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Contains("org.example.keep", types);
        Assert.DoesNotContain("org.example.drop", types);
        Assert.Equal(0, sync["presence"].GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task UnknownFilterId_IsRejected()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.GetAsync($"{RoomApi.V3}/sync?filter=424242")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
        (await alice.GetAsync($"{RoomApi.V3}/sync?filter=%7Bbroken")).AssertError(HttpStatusCode.BadRequest, "M_BAD_JSON");
        Assert.Equal(JsonValueKind.Object, (await alice.SyncAsync(filter: "{}")).Body.ValueKind);
    }
}
