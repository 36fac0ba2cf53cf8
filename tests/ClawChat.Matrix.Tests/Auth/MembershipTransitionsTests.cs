using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>DIGEST §4.4 transitions table.</summary>
public sealed class MembershipTransitionsTests
{
    [Theory]
    [InlineData(null, Membership.Join, true, MembershipChange.Joined)]
    [InlineData(Membership.Leave, Membership.Join, true, MembershipChange.Joined)]
    [InlineData(Membership.Knock, Membership.Join, true, MembershipChange.Joined)]
    [InlineData(Membership.Invite, Membership.Join, true, MembershipChange.InviteAccepted)]
    [InlineData(Membership.Join, Membership.Join, true, MembershipChange.ProfileChanged)]
    [InlineData(null, Membership.Join, false, MembershipChange.Invalid)]
    [InlineData(null, Membership.Invite, false, MembershipChange.Invited)]
    [InlineData(Membership.Leave, Membership.Invite, false, MembershipChange.Invited)]
    [InlineData(Membership.Knock, Membership.Invite, false, MembershipChange.Invited)]
    [InlineData(Membership.Join, Membership.Invite, false, MembershipChange.Invalid)]
    [InlineData(null, Membership.Invite, true, MembershipChange.Invalid)]
    [InlineData(Membership.Invite, Membership.Leave, true, MembershipChange.InviteRejected)]
    [InlineData(Membership.Invite, Membership.Leave, false, MembershipChange.InviteRevoked)]
    [InlineData(Membership.Join, Membership.Leave, true, MembershipChange.Left)]
    [InlineData(Membership.Join, Membership.Leave, false, MembershipChange.Kicked)]
    [InlineData(Membership.Knock, Membership.Leave, true, MembershipChange.KnockRetracted)]
    [InlineData(Membership.Knock, Membership.Leave, false, MembershipChange.KnockDenied)]
    [InlineData(Membership.Leave, Membership.Leave, true, MembershipChange.None)]
    [InlineData(Membership.Join, Membership.Ban, false, MembershipChange.Banned)]
    [InlineData(null, Membership.Ban, false, MembershipChange.Banned)]
    [InlineData(Membership.Ban, Membership.Ban, false, MembershipChange.None)]
    [InlineData(Membership.Ban, Membership.Leave, false, MembershipChange.Unbanned)]
    [InlineData(Membership.Ban, Membership.Join, true, MembershipChange.Invalid)]
    [InlineData(Membership.Ban, Membership.Invite, false, MembershipChange.Invalid)]
    [InlineData(Membership.Ban, Membership.Knock, true, MembershipChange.Invalid)]
    [InlineData(null, Membership.Knock, true, MembershipChange.Knocked)]
    [InlineData(Membership.Leave, Membership.Knock, true, MembershipChange.Knocked)]
    [InlineData(Membership.Join, Membership.Knock, true, MembershipChange.Invalid)]
    [InlineData(Membership.Invite, Membership.Knock, true, MembershipChange.Invalid)]
    [InlineData(null, "dance", true, MembershipChange.Invalid)]
    public void Classify_NamesTheTransition(string? previous, string next, bool bySelf, MembershipChange expected) =>
        Assert.Equal(expected, MembershipTransitions.Classify(previous, next, bySelf));
}
