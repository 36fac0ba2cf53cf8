using ClawChat.Matrix.Events;
using static ClawChat.Matrix.Tests.Auth.TestRoom;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>Rule 5 of DIGEST §4.3 and the §4.4 transitions table. Alice 100, Bob/Erin 50, Carol 0, Dave outside.</summary>
public sealed class MemberAuthRulesTests
{
    [Theory]
    [InlineData(JoinRules.Public, null, true)]
    [InlineData(JoinRules.Public, Membership.Leave, true)]
    [InlineData(JoinRules.Public, Membership.Invite, true)]
    [InlineData(JoinRules.Public, Membership.Knock, true)]
    [InlineData(JoinRules.Public, Membership.Ban, false)]
    [InlineData(JoinRules.Invite, null, false)]
    [InlineData(JoinRules.Invite, Membership.Leave, false)]
    [InlineData(JoinRules.Invite, Membership.Knock, false)]
    [InlineData(JoinRules.Invite, Membership.Invite, true)]
    [InlineData(JoinRules.Invite, Membership.Ban, false)]
    [InlineData(JoinRules.Knock, null, false)]
    [InlineData(JoinRules.Knock, Membership.Knock, false)]
    [InlineData(JoinRules.Knock, Membership.Invite, true)]
    [InlineData(JoinRules.Restricted, null, false)]
    [InlineData(JoinRules.Restricted, Membership.Invite, true)]
    [InlineData(JoinRules.Restricted, Membership.Ban, false)]
    [InlineData(JoinRules.KnockRestricted, null, false)]
    [InlineData(JoinRules.KnockRestricted, Membership.Invite, true)]
    [InlineData(JoinRules.Private, null, false)]
    [InlineData(JoinRules.Private, Membership.Invite, false)]
    public void Join_BySelf_FollowsJoinRuleAndCurrentMembership(string joinRule, string? previous, bool allowed)
    {
        var room = WithMembers(joinRule);
        room.SetMembership(Dave, previous);

        Assert.Equal(allowed, room.Check(room.Member(Dave, Dave, Membership.Join)).IsAllowed);
    }

    [Theory]
    [InlineData(JoinRules.Public)]
    [InlineData(JoinRules.Invite)]
    [InlineData(JoinRules.Restricted)]
    public void Join_IsAllowed_WhenAlreadyJoined(string joinRule)
    {
        var room = WithMembers(joinRule);

        Assert.True(room.Check(room.Member(Carol, Carol, Membership.Join)).IsAllowed);
    }

    [Fact]
    public void Join_IsDenied_WhenSenderIsNotTarget()
    {
        var room = WithMembers(JoinRules.Public);

        Assert.False(room.Check(room.Member(Bob, Dave, Membership.Join)).IsAllowed);
    }

    [Fact]
    public void Join_IsDenied_WhenUserIsBanned()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Dave, Membership.Ban);

        Assert.False(room.Check(room.Member(Dave, Dave, Membership.Join)).IsAllowed);
    }

    [Fact]
    public void Join_IsAllowed_ForCreatorDirectlyAfterCreate()
    {
        var room = New();

        Assert.Equal(Membership.Join, room.State.GetMembershipOf(Alice));
    }

    [Fact]
    public void Join_IsDenied_ForOtherUserDirectlyAfterCreate()
    {
        var room = New();
        var join = room.Build(EventTypes.Member, Dave, "{'membership':'join'}", Dave, prevEvents: [room.CreateEvent.EventId]);

        Assert.False(room.Check(join).IsAllowed);
    }

    [Fact]
    public void Join_V10_CreatorIsContentCreatorNotSender()
    {
        var room = New(RoomVersion.V10);
        var bobCreatedContent = room.Build(EventTypes.Member, Bob, "{'membership':'join'}", Bob, prevEvents: [room.CreateEvent.EventId]);

        // content.creator is Alice in TestRoom, so Bob's "first join" is not the creator's join.
        Assert.False(room.Check(bobCreatedContent).IsAllowed);
    }

    [Theory]
    [InlineData(JoinRules.Restricted)]
    [InlineData(JoinRules.KnockRestricted)]
    public void Join_IsAllowed_WhenRestrictedAndAuthorisedByJoinedUserWhoMayInvite(string joinRule)
    {
        var room = WithMembers(joinRule, invite: 50);

        Assert.True(room.Check(room.Member(Dave, Dave, Membership.Join, $"'join_authorised_via_users_server':'{Bob}'")).IsAllowed);
    }

    [Fact]
    public void Join_IsDenied_WhenAuthoriserLacksInvitePower()
    {
        var room = WithMembers(JoinRules.Restricted, invite: 50);

        Assert.False(room.Check(room.Member(Dave, Dave, Membership.Join, $"'join_authorised_via_users_server':'{Carol}'")).IsAllowed);
    }

    [Fact]
    public void Join_IsDenied_WhenAuthoriserIsNotJoined()
    {
        var room = WithMembers(JoinRules.Restricted);
        room.SetMembership(Bob, Membership.Leave);

        Assert.False(room.Check(room.Member(Dave, Dave, Membership.Join, $"'join_authorised_via_users_server':'{Bob}'")).IsAllowed);
    }

    [Fact]
    public void Join_IsDenied_WhenAuthoriserIsOnAnotherServer()
    {
        var room = WithMembers(JoinRules.Restricted);

        Assert.False(room.Check(room.Member(Dave, Dave, Membership.Join, $"'join_authorised_via_users_server':'{Mallory}'")).IsAllowed);
    }

    [Fact]
    public void Join_IsDenied_WhenPublicRoomButAuthorisationIsGarbage()
    {
        var room = WithMembers(JoinRules.Public);

        Assert.False(room.Check(room.Member(Dave, Dave, Membership.Join, "'join_authorised_via_users_server':42")).IsAllowed);
    }

    [Theory]
    [InlineData(Carol, null, 0, true)]
    [InlineData(Carol, null, 50, false)]
    [InlineData(Bob, null, 50, true)]
    [InlineData(Carol, Membership.Leave, 0, true)]
    [InlineData(Carol, Membership.Knock, 0, true)]
    [InlineData(Carol, Membership.Invite, 0, true)]
    [InlineData(Carol, Membership.Join, 0, false)]
    [InlineData(Carol, Membership.Ban, 0, false)]
    [InlineData(Alice, Membership.Ban, 0, false)]
    public void Invite_RequiresJoinedInviterWithInviteLevelAndTargetNotJoinedOrBanned(string sender, string? targetPrevious, long inviteLevel, bool allowed)
    {
        var room = WithMembers(JoinRules.Invite, invite: inviteLevel);
        room.SetMembership(Dave, targetPrevious);

        Assert.Equal(allowed, room.Check(room.Member(sender, Dave, Membership.Invite)).IsAllowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Membership.Leave)]
    [InlineData(Membership.Invite)]
    [InlineData(Membership.Knock)]
    public void Invite_IsDenied_WhenInviterIsNotJoined(string? inviterMembership)
    {
        var room = WithMembers(JoinRules.Invite);
        room.SetMembership(Dave, inviterMembership);

        Assert.False(room.Check(room.Member(Dave, Mallory, Membership.Invite)).IsAllowed);
    }

    [Fact]
    public void Invite_WithThirdPartyInvite_IsDenied_WhenNoMatchingTokenEvent()
    {
        var room = WithMembers(JoinRules.Invite);

        var invite = room.Member(Carol, Dave, Membership.Invite, $"'third_party_invite':{{'signed':{{'mxid':'{Dave}','token':'tok','signatures':{{}}}}}}");

        Assert.False(room.Check(invite).IsAllowed);
    }

    [Fact]
    public void Invite_WithThirdPartyInvite_IsDeniedAsUnsupported_WhenStructurallyValid()
    {
        var room = WithMembers(JoinRules.Invite);
        room.Apply(room.Build(EventTypes.ThirdPartyInvite, "tok", "{'display_name':'d…','key_validity_url':'https://id/','public_key':'abc'}", Carol));

        var result = room.Check(room.Member(Carol, Dave, Membership.Invite, $"'third_party_invite':{{'signed':{{'mxid':'{Dave}','token':'tok','signatures':{{}}}}}}"));

        Assert.False(result.IsAllowed);
        Assert.Contains("unsupported", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_WithThirdPartyInvite_IsDenied_WhenMxidDoesNotMatchTarget()
    {
        var room = WithMembers(JoinRules.Invite);
        room.Apply(room.Build(EventTypes.ThirdPartyInvite, "tok", "{'public_key':'abc'}", Carol));

        Assert.False(room.Check(room.Member(Carol, Dave, Membership.Invite, $"'third_party_invite':{{'signed':{{'mxid':'{Carol}','token':'tok'}}}}")).IsAllowed);
    }

    [Theory]
    [InlineData(Membership.Join, true)]
    [InlineData(Membership.Invite, true)]
    [InlineData(Membership.Knock, true)]
    [InlineData(Membership.Leave, false)]
    [InlineData(Membership.Ban, false)]
    [InlineData(null, false)]
    public void Leave_BySelf_IsAllowedOnlyFromJoinInviteOrKnock(string? previous, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Dave, previous);

        Assert.Equal(allowed, room.Check(room.Member(Dave, Dave, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [InlineData(Bob, Carol, true)]
    [InlineData(Alice, Bob, true)]
    [InlineData(Carol, Dave, false)]
    [InlineData(Bob, Erin, false)]
    [InlineData(Bob, Alice, false)]
    public void Kick_RequiresKickLevelAndHigherPowerThanTarget(string sender, string target, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Dave, Membership.Join);

        Assert.Equal(allowed, room.Check(room.Member(sender, target, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [InlineData(Membership.Invite)]
    [InlineData(Membership.Knock)]
    [InlineData(null)]
    public void Kick_IsAllowed_ForInvitedKnockingOrAbsentTargets(string? previous)
    {
        var room = WithMembers(JoinRules.Knock);
        room.SetMembership(Dave, previous);

        Assert.True(room.Check(room.Member(Bob, Dave, Membership.Leave)).IsAllowed);
    }

    [Fact]
    public void Kick_IsDenied_WhenSenderIsNotJoined()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Bob, Membership.Leave);

        Assert.False(room.Check(room.Member(Bob, Carol, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [InlineData(50, 50, true)]
    [InlineData(50, 100, false)]   // needs the ban level…
    [InlineData(100, 50, false)]   // …and the kick level
    public void Unban_RequiresBothBanAndKickLevel(long kick, long ban, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        room.SetPowerLevels($"{{'users':{{'{Alice}':100,'{Bob}':50}},'kick':{kick},'ban':{ban}}}");
        room.SetMembership(Dave, Membership.Ban);

        Assert.Equal(allowed, room.Check(room.Member(Bob, Dave, Membership.Leave)).IsAllowed);
    }

    [Fact]
    public void Unban_IsDenied_BySelf()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Dave, Membership.Ban);

        Assert.False(room.Check(room.Member(Dave, Dave, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [InlineData(Bob, Carol, Membership.Join, true)]
    [InlineData(Bob, Dave, null, true)]               // the target need not be in the room
    [InlineData(Bob, Mallory, null, true)]
    [InlineData(Bob, Dave, Membership.Ban, true)]
    [InlineData(Alice, Bob, Membership.Join, true)]
    [InlineData(Bob, Erin, Membership.Join, false)]   // equal power
    [InlineData(Bob, Alice, Membership.Join, false)]
    [InlineData(Bob, Bob, Membership.Join, false)]
    [InlineData(Carol, Dave, null, false)]            // below the ban level
    public void Ban_RequiresBanLevelAndHigherPowerThanTarget(string sender, string target, string? targetPrevious, bool allowed)
    {
        var room = WithMembers(JoinRules.Public);
        if (target == Dave)
        {
            room.SetMembership(Dave, targetPrevious);
        }

        Assert.Equal(allowed, room.Check(room.Member(sender, target, Membership.Ban)).IsAllowed);
    }

    [Fact]
    public void Ban_IsDenied_WhenSenderIsNotJoined()
    {
        var room = WithMembers(JoinRules.Public);
        room.SetMembership(Bob, Membership.Leave);

        Assert.False(room.Check(room.Member(Bob, Dave, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [InlineData(JoinRules.Knock, null, true)]
    [InlineData(JoinRules.KnockRestricted, null, true)]
    [InlineData(JoinRules.Knock, Membership.Leave, true)]
    [InlineData(JoinRules.Knock, Membership.Knock, true)]
    [InlineData(JoinRules.Knock, Membership.Ban, false)]
    [InlineData(JoinRules.Knock, Membership.Invite, false)]
    [InlineData(JoinRules.Knock, Membership.Join, false)]
    [InlineData(JoinRules.Public, null, false)]
    [InlineData(JoinRules.Invite, null, false)]
    [InlineData(JoinRules.Restricted, null, false)]
    public void Knock_RequiresKnockJoinRuleAndNoBanInviteOrJoin(string joinRule, string? previous, bool allowed)
    {
        var room = WithMembers(joinRule);
        room.SetMembership(Dave, previous);

        Assert.Equal(allowed, room.Check(room.Member(Dave, Dave, Membership.Knock)).IsAllowed);
    }

    [Fact]
    public void Knock_IsDenied_OnBehalfOfSomeoneElse()
    {
        var room = WithMembers(JoinRules.Knock);

        Assert.False(room.Check(room.Member(Bob, Dave, Membership.Knock)).IsAllowed);
    }

    [Fact]
    public void Member_IsDenied_WhenMembershipIsUnknown()
    {
        var room = WithMembers(JoinRules.Public);

        Assert.False(room.Check(room.Member(Dave, Dave, "dance")).IsAllowed);
    }

    [Fact]
    public void Member_IsDenied_WithoutMembership()
    {
        var room = WithMembers(JoinRules.Public);

        Assert.False(room.Check(room.Build(EventTypes.Member, Dave, "{'displayname':'D'}", Dave)).IsAllowed);
    }

    [Fact]
    public void Member_IsDenied_WithoutStateKey()
    {
        var room = WithMembers(JoinRules.Public);

        Assert.False(room.Check(room.Build(EventTypes.Member, null, "{'membership':'join'}", Dave)).IsAllowed);
    }
}
