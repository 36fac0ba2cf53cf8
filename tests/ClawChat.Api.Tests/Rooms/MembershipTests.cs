using System.Net;
using ClawChat.Testing;

namespace ClawChat.Api.Tests.Rooms;

public sealed class MembershipTests(RoomsSiloFixture fixture) : IClassFixture<RoomsSiloFixture>
{
    [Fact]
    public async Task PrivateRoom_NeedsAnInvite()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "private_chat" });

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/join")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/invite", new { user_id = bob.UserId })).AssertOk();
        var joined = (await bob.PostAsync($"{RoomApi.V3}/join/{MatrixTestClient.Escape(roomId)}")).AssertOk();

        Assert.Equal(roomId, joined.GetString("room_id"));
        Assert.Contains(roomId, (await bob.GetAsync($"{RoomApi.V3}/joined_rooms")).AssertOk()["joined_rooms"].EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task JoiningTwice_IsANoOp()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });

        await alice.JoinAsync(roomId);
        var members = (await alice.GetAsync($"{RoomApi.Room(roomId)}/messages?dir=b&limit=50")).AssertOk()["chunk"]
            .EnumerateArray().Count(e => e.Str("type") == "m.room.member");

        Assert.Equal(1, members);
    }

    [Fact]
    public async Task UnknownRoom_IsNotFound_AndAMalformedIdIsInvalid()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);

        (await alice.PostAsync($"{RoomApi.Room($"!nope{Guid.NewGuid():N}:{fixture.Silo.ServerName}")}/join")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.PostAsync($"{RoomApi.V3}/join/{MatrixTestClient.Escape($"#nope{Guid.NewGuid():N}:{fixture.Silo.ServerName}")}")).AssertError(HttpStatusCode.NotFound, "M_NOT_FOUND");
        (await alice.GetAsync($"{RoomApi.Room("not-a-room")}/state")).AssertError(HttpStatusCode.BadRequest, "M_INVALID_PARAM");
    }

    [Fact]
    public async Task Leave_ThenForget_RemovesTheRoom()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/forget")).AssertError(HttpStatusCode.BadRequest, "M_UNKNOWN");
        (await bob.PostAsync($"{RoomApi.Room(roomId)}/leave", new { reason = "bye" })).AssertOk();
        (await bob.PostAsync($"{RoomApi.Room(roomId)}/forget")).AssertOk();

        Assert.DoesNotContain(roomId, (await bob.GetAsync($"{RoomApi.V3}/joined_rooms")).AssertOk()["joined_rooms"].EnumerateArray().Select(r => r.GetString()));
        var member = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.member/{MatrixTestClient.Escape(bob.UserId)}")).AssertOk();
        Assert.Equal("leave", member.GetString("membership"));
        Assert.Equal("bye", member.GetString("reason"));
    }

    [Fact]
    public async Task KickBanUnban_FollowPowerLevels()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await bob.JoinAsync(roomId);

        (await bob.PostAsync($"{RoomApi.Room(roomId)}/kick", new { user_id = alice.UserId })).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/kick", new { user_id = bob.UserId, reason = "out" })).AssertOk();
        await bob.JoinAsync(roomId);
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/ban", new { user_id = bob.UserId })).AssertOk();
        (await bob.PostAsync($"{RoomApi.Room(roomId)}/join")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/unban", new { user_id = bob.UserId })).AssertOk();
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/unban", new { user_id = bob.UserId })).AssertError(HttpStatusCode.BadRequest, "M_BAD_STATE");
        await bob.JoinAsync(roomId);
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/kick", new { })).AssertError(HttpStatusCode.BadRequest, "M_MISSING_PARAM");
    }

    [Fact]
    public async Task Knock_OnKnockRoom_ThenInviteAccepts()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { initial_state = new[] { new { type = "m.room.join_rules", state_key = "", content = new { join_rule = "knock" } } } });

        var knocked = (await bob.PostAsync($"{RoomApi.V3}/knock/{MatrixTestClient.Escape(roomId)}", new { reason = "let me in" })).AssertOk();
        var members = (await alice.GetAsync($"{RoomApi.Room(roomId)}/members?membership=knock")).AssertOk()["chunk"].EnumerateArray().ToList();
        (await alice.PostAsync($"{RoomApi.Room(roomId)}/invite", new { user_id = bob.UserId })).AssertOk();
        await bob.JoinAsync(roomId);

        Assert.Equal(roomId, knocked.GetString("room_id"));
        Assert.Equal(bob.UserId, Assert.Single(members).Str("state_key"));
    }

    [Fact]
    public async Task Members_FiltersByMembership_AndNonMembersAreForbidden()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var bob = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var eve = await MatrixTestClient.RegisterAsync(fixture.Silo);
        var roomId = await alice.CreateRoomAsync(new { invite = new[] { bob.UserId } });

        var all = (await alice.GetAsync($"{RoomApi.Room(roomId)}/members")).AssertOk()["chunk"].EnumerateArray().Select(e => e.Str("state_key")).ToList();
        var notInvited = (await alice.GetAsync($"{RoomApi.Room(roomId)}/members?not_membership=invite")).AssertOk()["chunk"].EnumerateArray().Select(e => e.Str("state_key")).ToList();

        Assert.Equal([alice.UserId, bob.UserId], all);
        Assert.Equal([alice.UserId], notInvited);
        (await eve.GetAsync($"{RoomApi.Room(roomId)}/members")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await eve.GetAsync($"{RoomApi.Room(roomId)}/joined_members")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
        (await eve.GetAsync($"{RoomApi.Room(roomId)}/state")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
    }

    [Fact]
    public async Task ProfileChange_UpdatesTheJoinEventInJoinedRooms()
    {
        var alice = await MatrixTestClient.RegisterAsync(fixture.Silo, displayName: "Alice");
        var roomId = await alice.CreateRoomAsync();

        (await alice.PutAsync($"{RoomApi.V3}/profile/{MatrixTestClient.Escape(alice.UserId)}/displayname", new { displayname = "Alice Two" })).AssertOk();
        var member = (await alice.GetAsync($"{RoomApi.Room(roomId)}/state/m.room.member/{MatrixTestClient.Escape(alice.UserId)}?format=event")).AssertOk();

        Assert.Equal("Alice Two", member["content"].Str("displayname"));
        Assert.Equal("join", member["content"].Str("membership"));
        Assert.Equal("Alice", member["unsigned"].GetProperty("prev_content").Str("displayname"));
    }
}
