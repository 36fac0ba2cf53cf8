using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;
using static ClawChat.Matrix.Tests.Auth.TestRoom;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>Rules 6–9 and 11 of DIGEST §4.3 for non-member events.</summary>
public sealed class EventAuthRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(Membership.Invite)]
    [InlineData(Membership.Leave)]
    [InlineData(Membership.Knock)]
    [InlineData(Membership.Ban)]
    public void Message_IsDenied_WhenSenderIsNotJoined(string? membership)
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Dave, membership);

        Assert.False(room.Check(room.Build(EventTypes.Message, null, "{'body':'hi'}", Dave)).IsAllowed);
    }

    [Theory]
    [InlineData(EventTypes.Message, null, Carol, true)]          // events_default 0
    [InlineData(EventTypes.Name, "", Carol, false)]              // events['m.room.name'] 50
    [InlineData(EventTypes.Name, "", Bob, true)]
    [InlineData(EventTypes.Topic, "", Carol, false)]             // state_default 50
    [InlineData(EventTypes.Topic, "", Bob, true)]
    [InlineData("org.example.custom", null, Carol, true)]
    [InlineData("org.example.custom", "", Carol, false)]
    [InlineData(EventTypes.PowerLevels, "", Bob, false)]         // events['m.room.power_levels'] 100
    public void Event_RequiresTheLevelForItsType(string type, string? stateKey, string sender, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);

        Assert.Equal(allowed, room.Check(room.Build(type, stateKey, "{}", sender)).IsAllowed);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("carol", true)]
    [InlineData(Carol, true)]
    [InlineData(Dave, false)]
    [InlineData("@carol:example.org:extra", false)]
    [InlineData("@", false)]
    public void StateKey_StartingWithAt_MustEqualSender(string stateKey, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        room.SetPowerLevels($"{{'users':{{'{Alice}':100}},'events':{{'org.example.status':0}}}}");

        Assert.Equal(allowed, room.Check(room.Build("org.example.status", stateKey, "{}", Carol)).IsAllowed);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(50, false)]
    public void ThirdPartyInviteEvent_RequiresInviteLevel(long inviteLevel, bool allowed)
    {
        var room = WithMembers(JoinRules.Invite, invite: inviteLevel);

        Assert.Equal(allowed, room.Check(room.Build(EventTypes.ThirdPartyInvite, "token", "{'public_key':'k'}", Carol)).IsAllowed);
    }

    [Fact]
    public void WithoutPowerLevelsEvent_CreatorHas100AndOthers0()
    {
        var room = New();
        room.SetJoinRule(JoinRules.Public);
        room.Apply(room.Member(Dave, Dave, Membership.Join));

        Assert.True(room.Check(room.Build(EventTypes.Topic, string.Empty, "{'topic':'a'}", Alice)).IsAllowed);
        Assert.False(room.Check(room.Build(EventTypes.Topic, string.Empty, "{'topic':'d'}", Dave)).IsAllowed);
        Assert.True(room.Check(room.Build(EventTypes.Message, null, "{'body':'d'}", Dave)).IsAllowed);
    }

    [Fact]
    public void Event_IsDenied_WhenRoomHasNoCreateEvent()
    {
        var room = WithMembers(JoinRules.Public);
        var message = room.Build(EventTypes.Message, null, "{}", Carol);

        Assert.False(AuthRules.Check(message, AuthStateSnapshot.Empty, RoomVersion.V11).IsAllowed);
    }

    [Fact]
    public void Event_IsDenied_WhenCreateEventBelongsToAnotherRoom()
    {
        var room = WithMembers(JoinRules.Public);
        var other = WithMembers(JoinRules.Public);
        var message = other.Build(EventTypes.Message, null, "{}", Carol);

        Assert.False(room.Check(message).IsAllowed);
    }

    [Fact]
    public void Event_IsDenied_FromAnotherServer_WhenRoomDoesNotFederate()
    {
        var room = New();
        room.Force(room.Build(EventTypes.Create, string.Empty, "{'room_version':'11','m.federate':false}", Alice));
        room.SetJoinRule(JoinRules.Public);

        Assert.False(room.Check(room.Member(Mallory, Mallory, Membership.Join)).IsAllowed);
        Assert.True(room.Check(room.Member(Dave, Dave, Membership.Join)).IsAllowed);
    }

    [Fact]
    public void Redaction_IsAuthorisedLikeAnyEvent_WithoutCheckingRedactLevel()
    {
        var room = WithMembers(JoinRules.Public);
        var target = room.Apply(room.Build(EventTypes.Message, null, "{'body':'x'}", Bob));

        Assert.True(room.Check(room.Build(EventTypes.Redaction, null, "{}", Carol, redacts: target.EventId)).IsAllowed);
    }

    [Fact]
    public void Redaction_IsDenied_WhenItsEventTypeNeedsMorePower()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetPowerLevels($"{{'users':{{'{Alice}':100}},'events':{{'m.room.redaction':50}}}}");

        Assert.False(room.Check(room.Build(EventTypes.Redaction, null, "{}", Carol, redacts: "$x")).IsAllowed);
    }
}
