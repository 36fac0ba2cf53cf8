using System.Net;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.RoomsExtras;

public sealed class RelationsTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task Edit_IsBundledAsTheLatestReplacement_OnEventMessagesAndContext()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var original = await alice.SendTextAsync(roomId, "helo");
        await alice.EditAsync(roomId, original, "hello");
        var latest = await alice.EditAsync(roomId, original, "hello!");

        var byId = await alice.GetEventAsync(roomId, original);
        var messages = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=10")).AssertOk()["chunk"]
            .EnumerateArray().Single(e => e.Str("event_id") == original);
        var context = (await alice.GetAsync($"{RoomApi.Room(roomId)}/context/{MatrixTestClient.Escape(original)}")).AssertOk()["event"];

        foreach (var served in new[] { byId, messages, context })
        {
            var replace = served.Relations()!.Value.GetProperty("m.replace");
            Assert.Equal(latest, replace.Str("event_id"));
            Assert.Equal("hello!", replace.GetProperty("content").GetProperty("m.new_content").Str("body"));
            Assert.Equal("helo", served.Body());
        }
    }

    [Fact]
    public async Task EditByAnotherUser_IsNotBundled_AndAnnotationsAreNotAggregated()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var original = await alice.SendTextAsync(roomId, "mine");
        await bob.EditAsync(roomId, original, "yours");
        (await bob.ReactAsync(roomId, original, "👍")).AssertOk();

        Assert.Null((await alice.GetEventAsync(roomId, original)).Relations());
    }

    [Fact]
    public async Task DuplicateReaction_IsM_DUPLICATE_ANNOTATION_UntilRedacted()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);
        var target = await alice.SendTextAsync(roomId, "react to me");

        var first = (await alice.ReactAsync(roomId, target, "👍")).AssertOk().GetString("event_id")!;
        (await alice.ReactAsync(roomId, target, "👍")).AssertError(HttpStatusCode.BadRequest, "M_DUPLICATE_ANNOTATION");
        (await alice.ReactAsync(roomId, target, "🎉")).AssertOk();
        (await bob.ReactAsync(roomId, target, "👍")).AssertOk();
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/redact/{MatrixTestClient.Escape(first)}/r1", new { })).AssertOk();
        (await alice.ReactAsync(roomId, target, "👍")).AssertOk();
    }

    [Fact]
    public async Task Relations_ListsChildren_FilteredByTypeAndEventType_AndPaginates()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var parent = await alice.SendTextAsync(roomId, "parent");
        var reactions = new List<string>();
        foreach (var key in new[] { "a", "b", "c" })
        {
            reactions.Add((await alice.ReactAsync(roomId, parent, key)).AssertOk().GetString("event_id")!);
        }

        var edit = await alice.EditAsync(roomId, parent, "parent!");
        var relations = $"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape(parent)}";

        var all = (await alice.GetAsync(relations)).AssertOk();
        var annotations = (await alice.GetAsync($"{relations}/m.annotation/m.reaction?dir=f")).AssertOk();
        var firstPage = (await alice.GetAsync($"{relations}/m.annotation?limit=2")).AssertOk();
        var secondPage = (await alice.GetAsync($"{relations}/m.annotation?limit=2&from={firstPage.GetString("next_batch")}")).AssertOk();
        var none = (await alice.GetAsync($"{relations}/m.annotation/m.room.message")).AssertOk();

        Assert.Equal([edit, reactions[2], reactions[1], reactions[0]], all["chunk"].EventIds());
        Assert.False(all.Has("next_batch"));
        Assert.False(all.Has("recursion_depth"));
        Assert.Equal(reactions, annotations["chunk"].EventIds().Select(id => id!));
        Assert.Equal([reactions[2], reactions[1]], firstPage["chunk"].EventIds());
        Assert.Equal([reactions[0]], secondPage["chunk"].EventIds());
        Assert.False(secondPage.Has("next_batch"));
        Assert.NotNull(secondPage.GetString("prev_batch"));
        Assert.Empty(none["chunk"].EnumerateArray());
    }

    [Fact]
    public async Task Relations_Recurse_FollowsRelationsOfRelations()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var root = await alice.SendTextAsync(roomId, "root");
        var reply = await alice.ThreadReplyAsync(roomId, root, "in thread");
        var editOfReply = await alice.EditAsync(roomId, reply, "in thread!");
        var relations = $"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape(root)}/m.thread";

        var direct = (await alice.GetAsync(relations)).AssertOk();
        var recursive = (await alice.GetAsync(relations + "?recurse=true")).AssertOk();

        Assert.Equal([reply], direct["chunk"].EventIds());
        Assert.Equal([editOfReply, reply], recursive["chunk"].EventIds());
        Assert.Equal(3, recursive["recursion_depth"].GetInt32());
    }

    [Fact]
    public async Task Reference_IsBundledAsAChunkOfIds()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var target = await alice.SendTextAsync(roomId, "target");
        var reference = await alice.SendAsync(roomId, new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = "see above",
            ["m.relates_to"] = new { rel_type = "m.reference", event_id = target },
        });

        var bundled = (await alice.GetEventAsync(roomId, target)).Relations()!.Value.GetProperty("m.reference");

        Assert.Equal([reference], bundled.GetProperty("chunk").EventIds());
    }

    [Fact]
    public async Task Relations_RespectHistoryVisibility()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await alice.PutStateAsync(roomId, "m.room.history_visibility", "", new { history_visibility = "joined" });
        var parent = await alice.SendTextAsync(roomId, "before bob");
        var earlyEdit = await alice.EditAsync(roomId, parent, "before bob (edited)");
        await bob.JoinAsync(roomId);
        var lateParent = await alice.SendTextAsync(roomId, "after bob");
        var lateEdit = await alice.EditAsync(roomId, lateParent, "after bob (edited)");

        (await bob.GetAsync($"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape(parent)}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await eve.GetAsync($"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape(lateParent)}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        var visible = (await bob.GetAsync($"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape(lateParent)}")).AssertOk();
        Assert.Equal([lateEdit], visible["chunk"].EventIds());
        Assert.Equal(earlyEdit, (await alice.GetEventAsync(roomId, parent)).Relations()!.Value.GetProperty("m.replace").Str("event_id"));
    }

    [Theory]
    [InlineData("?dir=x")]
    [InlineData("?recurse=maybe")]
    [InlineData("?from=garbage")]
    [InlineData("?limit=-3")]
    public async Task Relations_BadQuery_Is400(string query)
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var parent = await alice.SendTextAsync(roomId, "parent");

        (await alice.GetAsync($"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape(parent)}{query}")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task Relations_OfAnUnknownEvent_IsNotFound()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();

        (await alice.GetAsync($"{ExtrasApi.RoomV1(roomId)}/relations/{MatrixTestClient.Escape("$nope")}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
    }
}
