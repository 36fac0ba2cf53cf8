using System.Diagnostics;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Sync;
using ClawChat.Grains.Tests.Rooms;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Sync;

public sealed class SyncGrainTests
{
    [Fact]
    public async Task TokenIssuedBeforeARestart_ReturnsExactlyTheEventsAfterIt()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice);
        await room.SendTextAsync(alice, "before");
        var token = (await silo.Factory.SyncAsync(alice)).NextBatch();
        await room.SendTextAsync(alice, "after 1");
        await room.SendTextAsync(alice, "after 2");

        await silo.RestartAsync();
        var next = await silo.Factory.SyncAsync(alice, token);
        var after = await silo.Factory.SyncAsync(alice, next.NextBatch());

        Assert.Equal(["after 1", "after 2"], next.Bodies(roomId));
        Assert.Empty(after.Bodies(roomId));
    }

    [Fact]
    public async Task EventsSentWhileTheStreamIsDeactivated_AreNotMissed()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice);
        var token = (await silo.Factory.SyncAsync(alice)).NextBatch();
        await silo.RestartAsync();

        var reactivated = silo.Factory.GetGrain<Interfaces.Rooms.IRoomGrain>(roomId);
        await reactivated.SendTextAsync(alice, "while the stream slept");
        var next = await silo.Factory.SyncAsync(alice, token);

        Assert.Equal(["while the stream slept"], next.Bodies(roomId));
    }

    [Fact]
    public async Task LongPoll_ReturnsWithinMilliseconds_OfANewEvent()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice);
        var token = (await silo.Factory.SyncAsync(alice)).NextBatch();

        var waiting = silo.Factory.SyncAsync(alice, token, timeoutMs: 30_000);
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(200)), "the long-poll returned before anything happened");
        var sent = Stopwatch.StartNew();
        await room.SendTextAsync(alice, "wake up");
        var response = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["wake up"], response.Bodies(roomId));
        Assert.True(sent.ElapsedMilliseconds < 1000, $"woke after {sent.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task LongPoll_TimesOut_WithAReusableToken()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice);
        var token = (await silo.Factory.SyncAsync(alice)).NextBatch();

        var empty = await silo.Factory.SyncAsync(alice, token, timeoutMs: 100);
        await room.SendTextAsync(alice, "later");
        var next = await silo.Factory.SyncAsync(alice, empty.NextBatch());

        Assert.Empty(empty.GetProperty("rooms").GetProperty("join").EnumerateObject());
        Assert.Equal(["later"], next.Bodies(roomId));
    }

    [Fact]
    public async Task ManyActiveRooms_WriteACheckpoint_AndTokensStillResolveAfterARestart()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var rooms = new List<(Interfaces.Rooms.IRoomGrain Grain, string Id)>();
        for (var i = 0; i < SyncGrain.MaxTokenRooms + 5; i++)
        {
            rooms.Add(await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice));
        }

        var first = (await silo.Factory.SyncAsync(alice)).NextBatch();
        foreach (var room in rooms)
        {
            await room.Grain.SendTextAsync(alice, "x");
        }

        var second = (await silo.Factory.SyncAsync(alice, first)).NextBatch();
        await rooms[0].Grain.SendTextAsync(alice, "y");
        await silo.RestartAsync();
        var fromFirst = await silo.Factory.SyncAsync(alice, first);
        var fromSecond = await silo.Factory.SyncAsync(alice, second);

        Assert.All(rooms.Skip(1), room => Assert.Equal(["x"], fromFirst.Bodies(room.Id)));
        Assert.Equal(["x", "y"], fromFirst.Bodies(rooms[0].Id));
        Assert.Equal(["y"], fromSecond.Bodies(rooms[0].Id));
        Assert.Single(fromSecond.GetProperty("rooms").GetProperty("join").EnumerateObject());
    }

    [Fact]
    public async Task TypingAndReceipts_ReachTheMembers_PrivateReceiptsOnlyTheirOwner()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice, Interfaces.Rooms.RoomPresets.PublicChat);
        await room.UpdateMembershipAsync(new Interfaces.Rooms.MembershipCommand(bob, bob, Interfaces.Rooms.MembershipAction.Join));
        var message = await room.SendTextAsync(alice, "read me");
        var aliceToken = (await silo.Factory.SyncAsync(alice)).NextBatch();
        var bobToken = (await silo.Factory.SyncAsync(bob)).NextBatch();
        var ephemeral = silo.Factory.GetGrain<IRoomEphemeralGrain>(roomId);

        await ephemeral.SetTypingAsync(bob, typing: true, 30_000);
        await ephemeral.SetReceiptAsync(new ReceiptUpdate(bob, ReceiptTypes.ReadPrivate, message.EventId, message.Position, null, 1));
        var aliceSees = await silo.Factory.SyncAsync(alice, aliceToken);
        var bobSees = await silo.Factory.SyncAsync(bob, bobToken);

        var aliceEvents = aliceSees.GetProperty("rooms").GetProperty("join").GetProperty(roomId).GetProperty("ephemeral").GetProperty("events");
        Assert.Contains(aliceEvents.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.typing"
            && e.GetProperty("content").GetProperty("user_ids")[0].GetString() == bob);
        Assert.DoesNotContain(aliceEvents.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.receipt");
        var bobEvents = bobSees.GetProperty("rooms").GetProperty("join").GetProperty(roomId).GetProperty("ephemeral").GetProperty("events");
        var receipt = Assert.Single(bobEvents.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.receipt");
        Assert.True(receipt.GetProperty("content").GetProperty(message.EventId).GetProperty("m.read.private").TryGetProperty(bob, out _));
    }

    [Fact]
    public async Task Receipts_OnlyMoveForward()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice);
        var first = await room.SendTextAsync(alice, "1");
        var second = await room.SendTextAsync(alice, "2");
        var ephemeral = silo.Factory.GetGrain<IRoomEphemeralGrain>(roomId);

        Assert.True(await ephemeral.SetReceiptAsync(new ReceiptUpdate(alice, ReceiptTypes.Read, second.EventId, second.Position, null, 1)));
        Assert.False(await ephemeral.SetReceiptAsync(new ReceiptUpdate(alice, ReceiptTypes.Read, first.EventId, first.Position, null, 2)));
        Assert.True(await ephemeral.SetReceiptAsync(new ReceiptUpdate(alice, ReceiptTypes.Read, first.EventId, first.Position, "main", 3)));
    }

    [Fact]
    public async Task Typing_ExpiresAfterItsTimeout()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice);
        var ephemeral = silo.Factory.GetGrain<IRoomEphemeralGrain>(roomId);
        await ephemeral.SetTypingAsync(alice, typing: true, 100);
        var typing = await ephemeral.GetAsync(alice, null);

        var deadline = Stopwatch.StartNew();
        EphemeralSlice slice;
        do
        {
            slice = await ephemeral.GetAsync(alice, typing.Version);
        }
        while (slice.Typing is null && deadline.Elapsed < TimeSpan.FromSeconds(5));

        Assert.NotNull(typing.Typing);
        Assert.NotNull(slice.Typing);
        Assert.Equal(0, slice.Typing.Value.GetProperty("content").GetProperty("user_ids").GetArrayLength());
    }

    [Fact]
    public async Task UnparseableToken_IsInvalidParam()
    {
        await using var silo = new RoomsTestSilo();

        var error = await Assert.ThrowsAsync<MatrixException>(() => silo.Factory.SyncAsync(RoomsTestSilo.NewUserId(), "s12"));

        Assert.Equal("M_INVALID_PARAM", error.ErrCode);
    }

    [Fact]
    public async Task LazyLoading_SendsOnlyTheSenders_TheUser_AndTheHeroes()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice, Interfaces.Rooms.RoomPresets.PublicChat);
        var others = Enumerable.Range(0, 8).Select(i => RoomsTestSilo.NewUserId("member" + i)).ToList();
        foreach (var user in others)
        {
            await room.UpdateMembershipAsync(new Interfaces.Rooms.MembershipCommand(user, user, Interfaces.Rooms.MembershipAction.Join));
        }

        await room.SendTextAsync(others[7], "from the last one");
        var filter = new SyncFilter(Room: new SyncRoomFilter(
            State: new SyncEventFilter(LazyLoadMembers: true),
            Timeline: new SyncEventFilter(Limit: 1)));

        var response = await silo.Factory.SyncAsync(alice, filter: filter);

        var roomPart = response.GetProperty("rooms").GetProperty("join").GetProperty(roomId);
        var members = roomPart.GetProperty("state").GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "m.room.member")
            .Select(e => e.GetProperty("state_key").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var heroes = roomPart.GetProperty("summary").GetProperty("m.heroes").EnumerateArray().Select(h => h.GetString()!).ToList();
        Assert.Equal(others.Take(5), heroes);
        Assert.Equal(new[] { alice, others[7] }.Concat(others.Take(5)).Order(StringComparer.Ordinal), members);
        Assert.Equal(9, roomPart.GetProperty("summary").GetProperty("m.joined_member_count").GetInt32());
    }

    [Fact]
    public async Task LazyLoading_LimitedIncrementalSync_IncludesMembersThatChangedInTheGap()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var (room, roomId) = await SyncGrainTestHelpers.NewRoomAsync(silo.Factory, alice, Interfaces.Rooms.RoomPresets.PublicChat);
        var filter = new SyncFilter(Room: new SyncRoomFilter(
            State: new SyncEventFilter(LazyLoadMembers: true),
            Timeline: new SyncEventFilter(Limit: 2)));
        var token = (await silo.Factory.SyncAsync(alice, filter: filter)).NextBatch();
        await room.UpdateMembershipAsync(new Interfaces.Rooms.MembershipCommand(bob, bob, Interfaces.Rooms.MembershipAction.Join));
        for (var i = 0; i < 4; i++)
        {
            await room.SendTextAsync(alice, $"m{i}");
        }

        var response = await silo.Factory.SyncAsync(alice, token, filter: filter);

        var roomPart = response.GetProperty("rooms").GetProperty("join").GetProperty(roomId);
        Assert.True(roomPart.GetProperty("timeline").GetProperty("limited").GetBoolean());
        var members = roomPart.GetProperty("state").GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "m.room.member")
            .Select(e => e.GetProperty("state_key").GetString())
            .ToList();
        Assert.Contains(bob, members);
        Assert.Contains(alice, members);
    }
}
