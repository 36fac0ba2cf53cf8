using System.Text.Json;
using ClawChat.Api.Tests.Rooms;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Sync;

/// <summary>The state/timeline split and incremental correctness of <c>/sync</c> (DIGEST §6).</summary>
public sealed class SyncTimelineTests(SyncSiloFixture fixture) : IClassFixture<SyncSiloFixture>
{
    private const string Limit3 = """{"room":{"timeline":{"limit":3}}}""";

    [Fact]
    public async Task InitialSync_ReturnsTheLatestEvents_StateBeforeThem_AndAPrevBatchForMessages()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { name = "Initial" });
        for (var i = 0; i < 5; i++)
        {
            await alice.SendTextAsync(roomId, $"m{i}");
        }

        var sync = await alice.SyncAsync(filter: Limit3);

        var room = sync.Joined(roomId);
        SyncApi.AssertJoinedRoomShape(room);
        Assert.Equal(["m2", "m3", "m4"], room.Events("timeline").Bodies());
        Assert.True(room.GetProperty("timeline").GetProperty("limited").GetBoolean());
        var state = room.Events("state");
        Assert.Contains(state, e => e.Str("type") == "m.room.create");
        Assert.Contains(state, e => e.Str("type") == "m.room.name" && e.GetProperty("content").Str("name") == "Initial");
        Assert.Contains(state, e => e.Str("type") == "m.room.member" && e.Str("state_key") == alice.UserId);
        Assert.Empty(state.Select(e => e.Str("event_id")).Intersect(room.Events("timeline").Select(e => e.Str("event_id"))));
        Assert.Equal(1, room.GetProperty("summary").GetProperty("m.joined_member_count").GetInt32());

        var prevBatch = room.GetProperty("timeline").GetProperty("prev_batch").GetString();
        var earlier = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=2&from={prevBatch}")).AssertOk();
        Assert.Equal(["m1", "m0"], earlier["chunk"].EnumerateArray().Bodies());
    }

    [Fact]
    public async Task IncrementalSync_ReturnsExactlyTheNewEvents_WithNoState()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var first = await alice.SyncAsync();
        await alice.SendTextAsync(roomId, "one");
        await alice.SendTextAsync(roomId, "two");

        var next = await alice.SyncAsync(first.NextBatch());
        var again = await alice.SyncAsync(next.NextBatch());

        var room = next.Joined(roomId);
        Assert.Equal(["one", "two"], room.Events("timeline").Bodies());
        Assert.False(room.GetProperty("timeline").GetProperty("limited").GetBoolean());
        Assert.Empty(room.Events("state"));
        Assert.Null(again.Room("join", roomId));
    }

    [Fact]
    public async Task IncrementalSync_OwnEvent_CarriesTheTransactionId()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var first = await alice.SyncAsync();
        await alice.SendTextAsync(roomId, "mine", txnId: "txn-42");

        var next = await alice.SyncAsync(first.NextBatch());

        var sent = Assert.Single(next.Timeline(roomId), e => e.Str("type") == "m.room.message");
        Assert.Equal("txn-42", sent.GetProperty("unsigned").Str("transaction_id"));
    }

    [Fact]
    public async Task LimitedIncrementalSync_PutsStateChangedInTheGapIntoState()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { name = "Before" });
        var first = await alice.SyncAsync(filter: Limit3);
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.name", new { name = "In the gap" })).AssertOk();
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.topic", new { topic = "Gap topic" })).AssertOk();
        for (var i = 0; i < 6; i++)
        {
            await alice.SendTextAsync(roomId, $"after {i}");
        }

        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.topic", new { topic = "In the timeline" })).AssertOk();

        var next = await alice.SyncAsync(first.NextBatch(), filter: Limit3);

        var room = next.Joined(roomId);
        var timeline = room.Events("timeline");
        Assert.True(room.GetProperty("timeline").GetProperty("limited").GetBoolean());
        Assert.Equal(3, timeline.Count);
        Assert.Equal("m.room.topic", timeline[^1].Str("type"));
        var state = room.Events("state");
        Assert.Contains(state, e => e.Str("type") == "m.room.name" && e.GetProperty("content").Str("name") == "In the gap");
        Assert.Contains(state, e => e.Str("type") == "m.room.topic" && e.GetProperty("content").Str("topic") == "Gap topic");
        Assert.DoesNotContain(state, e => e.Str("type") == "m.room.create");
        Assert.Empty(state.Select(e => e.Str("event_id")).Intersect(timeline.Select(e => e.Str("event_id"))));

        // The gap between the old token and the new prev_batch is what /messages fills in (DIGEST §8).
        var prevBatch = room.GetProperty("timeline").GetProperty("prev_batch").GetString();
        var gap = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=50&from={prevBatch}")).AssertOk();
        Assert.Equal(["after 3", "after 2", "after 1", "after 0"], gap["chunk"].EnumerateArray().Bodies().Take(4));
    }

    [Fact]
    public async Task FullState_ReturnsAllStateOnAnIncrementalSync()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var first = await alice.SyncAsync();

        var full = await alice.SyncAsync(first.NextBatch(), fullState: true);

        Assert.Contains(full.Joined(roomId).Events("state"), e => e.Str("type") == "m.room.create");
    }

    [Fact]
    public async Task Invite_ThenJoin_ThenLeave_MoveTheRoomThroughTheSections()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { name = "Party", preset = "private_chat" });
        await alice.SendTextAsync(roomId, "before bob");
        var start = await bob.SyncAsync();
        Assert.Null(start.Room("invite", roomId));

        (await alice.PostAsync($"{RoomApi.Room(roomId)}/invite", new { user_id = bob.UserId })).AssertOk();
        var invited = await bob.SyncAsync(start.NextBatch());
        var inviteState = invited.Room("invite", roomId)!.Value.Events("invite_state");
        Assert.Contains(inviteState, e => e.Str("type") == "m.room.create");
        Assert.Contains(inviteState, e => e.Str("type") == "m.room.join_rules");
        Assert.Contains(inviteState, e => e.Str("type") == "m.room.name" && e.GetProperty("content").Str("name") == "Party");
        var invite = Assert.Single(inviteState, e => e.Str("type") == "m.room.member");
        Assert.Equal(alice.UserId, invite.Str("sender"));
        Assert.Equal("invite", invite.GetProperty("content").Str("membership"));

        await bob.JoinAsync(roomId);
        var joined = await bob.SyncAsync(invited.NextBatch());
        var room = joined.Joined(roomId);
        Assert.Null(joined.Room("invite", roomId));
        var joinEvent = Assert.Single(room.Events("timeline"), e => e.Str("type") == "m.room.member" && e.Str("state_key") == bob.UserId);
        Assert.Equal("join", joinEvent.GetProperty("content").Str("membership"));
        Assert.Contains(room.Events("state"), e => e.Str("type") == "m.room.create");
        Assert.Equal(2, room.GetProperty("summary").GetProperty("m.joined_member_count").GetInt32());

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/leave")).AssertOk();
        var left = await bob.SyncAsync(joined.NextBatch());
        var leaveRoom = left.Room("leave", roomId)!.Value;
        Assert.Contains(leaveRoom.Events("timeline"), e => e.Str("type") == "m.room.member" && e.GetProperty("content").Str("membership") == "leave");
        Assert.Null(left.Room("join", roomId));

        await alice.SendTextAsync(roomId, "after bob left");
        var later = await bob.SyncAsync(left.NextBatch());
        Assert.Null(later.Room("leave", roomId));
        Assert.Null(later.Room("join", roomId));
    }

    [Fact]
    public async Task RejectedInvite_AppearsInLeave_WithoutRevealingRoomState()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { name = "Secret", invite = new[] { bob.UserId } });
        var invited = await bob.SyncAsync();
        Assert.NotNull(invited.Room("invite", roomId));
        (await alice.PutAsync($"{RoomApi.Room(roomId)}/state/m.room.topic", new { topic = "not for bob" })).AssertOk();

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/leave")).AssertOk();
        var rejected = await bob.SyncAsync(invited.NextBatch());

        var left = rejected.Room("leave", roomId) ?? throw new MatrixAssertionException($"the rejected invite is not in rooms.leave: {rejected.Text}");
        Assert.Empty(left.Events("state"));
        Assert.DoesNotContain(left.Events("timeline"), e => e.Str("type") == "m.room.topic");
        Assert.Null(rejected.Room("invite", roomId));
    }

    [Fact]
    public async Task ProfileChange_IsAnOrdinaryTimelineEvent_NotARejoin()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var first = await alice.SyncAsync();

        (await alice.PutAsync($"{RoomApi.V3}/profile/{MatrixTestClient.Escape(alice.UserId)}/displayname", new { displayname = "Alice Renamed" })).AssertOk();
        var (_, responses) = await alice.SyncUntilAsync(first.NextBatch(), rs => rs.Any(r => r.Timeline(roomId).Count > 0), "the new member event");

        var room = responses.Last(r => r.Timeline(roomId).Count > 0).Joined(roomId);
        var member = Assert.Single(room.Events("timeline"));
        Assert.Equal("Alice Renamed", member.GetProperty("content").Str("displayname"));
        Assert.Empty(room.Events("state"));
    }

    [Fact]
    public async Task InitialSync_ListsLeftRooms_OnlyWithIncludeLeave()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/leave")).AssertOk();

        var plain = await alice.SyncAsync();
        var withLeave = await alice.SyncAsync(filter: """{"room":{"include_leave":true}}""");

        Assert.Null(plain.Room("leave", roomId));
        Assert.NotNull(withLeave.Room("leave", roomId));
    }

    [Fact]
    public async Task SyncSeesOtherMembersMessages_AndTheirJoin()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var first = await alice.SyncAsync();
        await bob.JoinAsync(roomId);
        await bob.SendTextAsync(roomId, "hi alice");

        var next = await alice.SyncAsync(first.NextBatch());

        var timeline = next.Timeline(roomId);
        Assert.Contains(timeline, e => e.Str("type") == "m.room.member" && e.Str("state_key") == bob.UserId);
        Assert.Equal(["hi alice"], timeline.Bodies());
    }

    [Fact]
    public async Task UnparseableSince_IsInvalidParam()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        var response = await alice.GetAsync($"{RoomApi.V3}/sync?since=garbage");

        response.AssertError(System.Net.HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task ReusingAnOldToken_ReturnsTheSameEventsAgain()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync();
        var first = await alice.SyncAsync();
        await alice.SendTextAsync(roomId, "retry me");

        var once = await alice.SyncAsync(first.NextBatch());
        var retry = await alice.SyncAsync(first.NextBatch());

        Assert.Equal(["retry me"], once.Timeline(roomId).Bodies());
        Assert.Equal(["retry me"], retry.Timeline(roomId).Bodies());
    }

    [Fact]
    public async Task ManyRooms_IncrementalTokensStayShort_AndCoverEveryRoom()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var rooms = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            rooms.Add(await alice.CreateRoomAsync());
        }

        var first = await alice.SyncAsync(filter: Limit3);
        foreach (var roomId in rooms)
        {
            await alice.SendTextAsync(roomId, "in " + roomId);
        }

        var next = await alice.SyncAsync(first.NextBatch(), filter: Limit3);
        await alice.SendTextAsync(rooms[0], "only here");
        var last = await alice.SyncAsync(next.NextBatch(), filter: Limit3);

        Assert.All(rooms, roomId => Assert.Equal(["in " + roomId], next.Timeline(roomId).Bodies()));
        Assert.True(next.NextBatch().Length < 200, $"token too long: {next.NextBatch()}");
        Assert.Equal(["only here"], last.Timeline(rooms[0]).Bodies());
        Assert.Single(last["rooms"].GetProperty("join").EnumerateObject());
    }
}
