using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;
using static ClawChat.Matrix.Tests.Auth.TestRoom;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>DIGEST §4.2.</summary>
public sealed class AuthEventSelectorTests
{
    private static PduDraft Draft(TestRoom room, string type, string? stateKey, string content, string sender) => new()
    {
        RoomId = room.RoomId,
        Sender = sender,
        Type = type,
        StateKey = stateKey,
        Content = TestJson.Parse(content),
        OriginServerTs = 1,
        Depth = 10,
    };

    private static string Id(TestRoom room, string type, string stateKey) => room.State.GetStateEvent(type, stateKey)!.EventId;

    [Fact]
    public void Message_UsesCreatePowerLevelsAndSenderMembership()
    {
        var room = WithMembers(JoinRules.Public);

        var selected = AuthEventSelector.Select(Draft(room, EventTypes.Message, null, "{}", Carol), room.State);

        Assert.Equal([Id(room, EventTypes.Create, ""), Id(room, EventTypes.PowerLevels, ""), Id(room, EventTypes.Member, Carol)], selected);
    }

    [Fact]
    public void Invite_AddsTargetMembershipAndJoinRules()
    {
        var room = WithMembers(JoinRules.Invite);
        room.SetMembership(Dave, Membership.Leave);

        var selected = AuthEventSelector.Select(Draft(room, EventTypes.Member, Dave, "{'membership':'invite'}", Carol), room.State);

        Assert.Equal(
            [Id(room, EventTypes.Create, ""), Id(room, EventTypes.PowerLevels, ""), Id(room, EventTypes.Member, Carol), Id(room, EventTypes.Member, Dave), Id(room, EventTypes.JoinRules, "")],
            selected);
    }

    [Fact]
    public void Leave_DoesNotUseJoinRules()
    {
        var room = WithMembers(JoinRules.Invite);

        var selected = AuthEventSelector.Select(Draft(room, EventTypes.Member, Carol, "{'membership':'leave'}", Carol), room.State);

        Assert.DoesNotContain(Id(room, EventTypes.JoinRules, ""), selected);
        Assert.Equal(3, selected.Count);
    }

    [Fact]
    public void RestrictedJoin_AddsAuthorisingUsersMembership()
    {
        var room = WithMembers(JoinRules.Restricted);

        var selected = AuthEventSelector.Select(Draft(room, EventTypes.Member, Dave, $"{{'membership':'join','join_authorised_via_users_server':'{Bob}'}}", Dave), room.State);

        Assert.Contains(Id(room, EventTypes.Member, Bob), selected);
    }

    [Fact]
    public void Create_HasNoAuthEvents() =>
        Assert.Empty(AuthEventSelector.Select(Draft(New(), EventTypes.Create, "", "{}", Alice), AuthStateSnapshot.Empty));
}
