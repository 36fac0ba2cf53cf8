using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Rooms;

public sealed class RoomGrainTests
{
    [Fact]
    public async Task Create_EmitsInitialEventsInSpecOrder()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var roomId = RoomsTestSilo.NewRoomId();
        var room = silo.Factory.GetGrain<IRoomGrain>(roomId);
        var initial = new[] { new StateEventInput("m.room.encryption", "", RoomFixture.Json("""{"algorithm":"m.megolm.v1.aes-sha2"}""")) };
        await room.CreateAsync(RoomFixture.Create(alice, RoomPresets.PrivateChat, [bob], initialState: initial, name: "Test"));

        var page = await room.GetMessagesAsync(new MessagesQuery(alice, null, Backward: false, null, null, 50, RoomEventFilter.None));
        var types = page.Chunk.Select(e => e.Str("type") + (e.Str("state_key") is { Length: > 0 } k ? "/" + k[..4] : string.Empty)).ToArray();
        Assert.Equal(
            ["m.room.create", "m.room.member/@ali", "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility", "m.room.guest_access", "m.room.encryption", "m.room.name", "m.room.member/@bob"],
            types);
        Assert.Null(page.End);
        Assert.Equal("11", page.Chunk[0].GetProperty("content").Str("room_version"));
        Assert.Equal("invite", page.Chunk[^1].GetProperty("content").Str("membership"));
    }

    [Fact]
    public async Task Send_IsIdempotentPerDeviceAndTransaction()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice);

        var first = await room.SendTextAsync(alice, "hi", "DEV1", "txn1");
        var retry = await room.SendTextAsync(alice, "hi", "DEV1", "txn1");
        var otherDevice = await room.SendTextAsync(alice, "hi", "DEV2", "txn1");

        Assert.Equal(first, retry);
        Assert.NotEqual(first.EventId, otherDevice.EventId);
    }

    [Fact]
    public async Task Send_ByNonMember_IsForbidden()
    {
        await using var silo = new RoomsTestSilo();
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, RoomsTestSilo.NewUserId("alice"));

        var error = await Assert.ThrowsAsync<MatrixException>(() => room.SendTextAsync(RoomsTestSilo.NewUserId("eve"), "hello"));
        Assert.Equal("M_FORBIDDEN", error.ErrCode);
    }

    [Fact]
    public async Task UnknownRoom_IsNotFound()
    {
        await using var silo = new RoomsTestSilo();
        var room = silo.Factory.GetGrain<IRoomGrain>(RoomsTestSilo.NewRoomId());

        var error = await Assert.ThrowsAsync<MatrixException>(() => room.SendTextAsync(RoomsTestSilo.NewUserId(), "hello"));
        Assert.Equal("M_NOT_FOUND", error.ErrCode);
    }

    [Fact]
    public async Task InvitedUser_CanJoinPrivateRoom_UninvitedCannot()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var eve = RoomsTestSilo.NewUserId("eve");
        var roomId = RoomsTestSilo.NewRoomId();
        var room = silo.Factory.GetGrain<IRoomGrain>(roomId);
        await room.CreateAsync(RoomFixture.Create(alice, invite: [bob]));

        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join, DisplayName: "Bob"));
        var error = await Assert.ThrowsAsync<MatrixException>(() => room.UpdateMembershipAsync(new MembershipCommand(eve, eve, MembershipAction.Join)));

        Assert.Equal("join", await room.GetMembershipAsync(bob));
        Assert.Equal("M_FORBIDDEN", error.ErrCode);
        Assert.Contains(roomId, await silo.Factory.GetGrain<IUserRoomsGrain>(bob).GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task Join_WhenAlreadyJoined_IsANoOp()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice, RoomPresets.PublicChat);
        var before = await room.GetStreamPositionAsync();

        await room.UpdateMembershipAsync(new MembershipCommand(alice, alice, MembershipAction.Join));

        Assert.Equal(before, await room.GetStreamPositionAsync());
    }

    [Fact]
    public async Task Leave_KeepsHistoryUpToTheLeave_AndHidesWhatFollows()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice, RoomPresets.PublicChat);
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));
        await room.SendTextAsync(alice, "before");
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Leave));
        var after = await room.SendTextAsync(alice, "after");

        var page = await room.GetMessagesAsync(new MessagesQuery(bob, null, Backward: true, null, null, 100, RoomEventFilter.None));
        var bodies = page.Chunk.Select(e => e.Body()).OfType<string>().ToArray();

        Assert.Equal(["before"], bodies);
        Assert.Equal("leave", page.Chunk[0].GetProperty("content").Str("membership"));
        var error = await Assert.ThrowsAsync<MatrixException>(() => room.GetEventAsync(bob, null, after.EventId));
        Assert.Equal("M_NOT_FOUND", error.ErrCode);
        Assert.Equal(["leave"], (await silo.Factory.GetGrain<IUserRoomsGrain>(bob).GetRoomsAsync()).Select(r => r.Membership));
    }

    [Fact]
    public async Task JoinedVisibility_HidesHistoryBeforeTheJoin_SharedShowsIt()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var carol = RoomsTestSilo.NewUserId("carol");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice, RoomPresets.PublicChat);
        await room.SendTextAsync(alice, "shared-era");
        await room.SendStateEventAsync(new SendStateCommand(alice, "m.room.history_visibility", "", RoomFixture.Json("""{"history_visibility":"joined"}""")));
        await room.SendTextAsync(alice, "joined-era");
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));
        await room.SendTextAsync(alice, "after-bob");

        var bobs = (await room.GetMessagesAsync(new MessagesQuery(bob, null, true, null, null, 100, RoomEventFilter.None))).Chunk.Select(e => e.Body()).OfType<string>();
        var error = await Assert.ThrowsAsync<MatrixException>(() => room.GetMessagesAsync(new MessagesQuery(carol, null, true, null, null, 100, RoomEventFilter.None)));

        Assert.Equal(["after-bob", "shared-era"], bobs);
        Assert.Equal("M_FORBIDDEN", error.ErrCode);
    }

    [Fact]
    public async Task Messages_PaginatesBackAndForthWithoutGapsOrDuplicates()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice);
        for (var i = 0; i < 450; i++)
        {
            await room.SendTextAsync(alice, $"m{i}");
        }

        var seen = new List<string>();
        string? from = null;
        do
        {
            long? position = from is null ? null : (RoomStreamToken.TryParse(from, out var p) ? p : throw new InvalidOperationException(from));
            var page = await room.GetMessagesAsync(new MessagesQuery(alice, null, true, position, null, 37, new RoomEventFilter(Types: ["m.room.message"])));
            seen.AddRange(page.Chunk.Select(e => e.Body()!));
            from = page.End;
        }
        while (from is not null);

        Assert.Equal(Enumerable.Range(0, 450).Reverse().Select(i => $"m{i}"), seen);
    }

    [Fact]
    public async Task Activation_RebuildsFromHeadAndTail()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var roomId = RoomsTestSilo.NewRoomId();
        await silo.Factory.GetGrain<IRoomGrain>(roomId).CreateAsync(RoomFixture.Create(alice, RoomPresets.PublicChat));
        var room = silo.Factory.GetGrain<IRoomGrain>(roomId);
        for (var i = 0; i < 70; i++)
        {
            await room.SendTextAsync(alice, $"m{i}", "DEV", $"t{i}");
        }

        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));
        await room.SendStateEventAsync(new SendStateCommand(alice, "m.room.topic", "", RoomFixture.Json("""{"topic":"t"}""")));
        var position = await room.GetStreamPositionAsync();

        await silo.RestartAsync();
        room = silo.Factory.GetGrain<IRoomGrain>(roomId);

        Assert.Equal(position, await room.GetStreamPositionAsync());
        Assert.Equal("join", await room.GetMembershipAsync(bob));
        Assert.Equal("t", (await room.GetStateEventAsync(alice, "m.room.topic", ""))!.Value.GetProperty("content").Str("topic"));
        var retry = await room.SendTextAsync(alice, "m69", "DEV", "t69");
        Assert.Equal(position, await room.GetStreamPositionAsync());
        var next = await room.SendTextAsync(alice, "new");
        Assert.Equal(position + 1, next.Position);
        Assert.True(retry.Position < position);
    }

    [Fact]
    public async Task Redaction_StripsContentAndAddsRedactedBecause()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice);
        var message = await room.SendTextAsync(alice, "secret");

        var redaction = await room.RedactAsync(new RedactCommand(alice, "DEV", "r1", message.EventId, "oops"));
        var served = await room.GetEventAsync(alice, null, message.EventId);

        Assert.Empty(served.GetProperty("content").EnumerateObject());
        var because = served.GetProperty("unsigned").GetProperty("redacted_because");
        Assert.Equal(redaction.EventId, because.Str("event_id"));
        Assert.Equal(message.EventId, because.Str("redacts"));
        Assert.Equal(message.EventId, because.GetProperty("content").Str("redacts"));
        Assert.Equal("oops", because.GetProperty("content").Str("reason"));
    }

    [Fact]
    public async Task Redaction_OfOthersEvents_NeedsPower()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice, RoomPresets.PublicChat);
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));
        var message = await room.SendTextAsync(alice, "mine");

        var error = await Assert.ThrowsAsync<MatrixException>(() => room.RedactAsync(new RedactCommand(bob, "DEV", "r", message.EventId, null)));
        var bobs = await room.SendTextAsync(bob, "bob's");
        await room.RedactAsync(new RedactCommand(alice, "DEV", "r", bobs.EventId, null));

        Assert.Equal("M_FORBIDDEN", error.ErrCode);
        Assert.Null((await room.GetEventAsync(alice, null, bobs.EventId)).Body());
    }

    [Fact]
    public async Task StateEvent_CarriesPrevContentAndReplacesState()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice);
        var first = await room.SendStateEventAsync(new SendStateCommand(alice, "m.room.topic", "", RoomFixture.Json("""{"topic":"one"}""")));
        var same = await room.SendStateEventAsync(new SendStateCommand(alice, "m.room.topic", "", RoomFixture.Json("""{"topic":"one"}""")));
        var second = await room.SendStateEventAsync(new SendStateCommand(alice, "m.room.topic", "", RoomFixture.Json("""{"topic":"two"}""")));

        var served = await room.GetEventAsync(alice, null, second.EventId);

        Assert.Equal(first, same);
        Assert.Equal(first.EventId, served.GetProperty("unsigned").Str("replaces_state"));
        Assert.Equal("one", served.GetProperty("unsigned").GetProperty("prev_content").Str("topic"));
    }

    [Fact]
    public async Task Kick_AndBan_NeedPowerOverTheTarget()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice, RoomPresets.PublicChat);
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));

        var kickError = await Assert.ThrowsAsync<MatrixException>(() => room.UpdateMembershipAsync(new MembershipCommand(bob, alice, MembershipAction.Kick)));
        await room.UpdateMembershipAsync(new MembershipCommand(alice, bob, MembershipAction.Ban, "spam"));
        var rejoin = await Assert.ThrowsAsync<MatrixException>(() => room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join)));
        await room.UpdateMembershipAsync(new MembershipCommand(alice, bob, MembershipAction.Unban));
        var unbanAgain = await Assert.ThrowsAsync<MatrixException>(() => room.UpdateMembershipAsync(new MembershipCommand(alice, bob, MembershipAction.Unban)));

        Assert.Equal("M_FORBIDDEN", kickError.ErrCode);
        Assert.Equal("M_FORBIDDEN", rejoin.ErrCode);
        Assert.Equal("M_BAD_STATE", unbanAgain.ErrCode);
        Assert.Equal("leave", await room.GetMembershipAsync(bob));
    }

    [Fact]
    public async Task ProfileChange_UpdatesJoinEventsInJoinedRooms()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room1 = await RoomFixture.CreateRoomAsync(silo.Factory, alice);
        var room2 = await RoomFixture.CreateRoomAsync(silo.Factory, alice);

        var updated = await silo.Factory.GetGrain<IUserRoomsGrain>(alice).OnProfileChangedAsync("Alice", "mxc://test.local/a");

        Assert.Equal(2, updated);
        foreach (var room in new[] { room1, room2 })
        {
            var member = (await room.GetStateEventAsync(alice, "m.room.member", alice))!.Value;
            Assert.Equal("Alice", member.GetProperty("content").Str("displayname"));
            Assert.Equal("join", member.GetProperty("content").Str("membership"));
        }
    }

    [Fact]
    public async Task Context_ReturnsEventsAroundAndTokens()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice);
        var sent = new List<SendEventResult>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add(await room.SendTextAsync(alice, $"m{i}"));
        }

        var context = await room.GetContextAsync(new ContextQuery(alice, null, sent[5].EventId, 4, new RoomEventFilter(LazyLoadMembers: true)));

        Assert.Equal("m5", context.Event.Body());
        Assert.Equal(["m4", "m3"], context.EventsBefore.Select(e => e.Body()));
        Assert.Equal(["m6", "m7"], context.EventsAfter.Select(e => e.Body()));
        Assert.Equal(RoomStreamToken.Format(sent[3].Position - 1), context.Start);
        Assert.Equal(RoomStreamToken.Format(sent[7].Position), context.End);
        Assert.Single(context.State);
    }

    [Fact]
    public async Task Messages_LazyLoadsMembersOfSenders()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var bob = RoomsTestSilo.NewUserId("bob");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice, RoomPresets.PublicChat);
        await room.UpdateMembershipAsync(new MembershipCommand(bob, bob, MembershipAction.Join));
        await room.SendTextAsync(bob, "hello");

        var page = await room.GetMessagesAsync(new MessagesQuery(alice, null, true, null, null, 1, new RoomEventFilter(LazyLoadMembers: true)));

        Assert.Equal("hello", page.Chunk.Single().Body());
        Assert.Equal(bob, page.State.Single().Str("state_key"));
        Assert.NotNull(page.End);
    }

    [Fact]
    public async Task TransactionId_IsOnlyShownToTheSendingDevice()
    {
        await using var silo = new RoomsTestSilo();
        var alice = RoomsTestSilo.NewUserId("alice");
        var room = await RoomFixture.CreateRoomAsync(silo.Factory, alice);
        var sent = await room.SendTextAsync(alice, "x", "PHONE", "tx-1");

        var own = await room.GetEventAsync(alice, "PHONE", sent.EventId);
        var other = await room.GetEventAsync(alice, "LAPTOP", sent.EventId);

        Assert.Equal("tx-1", own.GetProperty("unsigned").Str("transaction_id"));
        Assert.False(other.GetProperty("unsigned").TryGetProperty("transaction_id", out _));
        Assert.Equal(JsonValueKind.Number, own.GetProperty("unsigned").GetProperty("age").ValueKind);
    }
}
