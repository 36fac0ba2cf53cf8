using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

/// <summary>Classifies membership changes for the "membership transitions" table (DIGEST §4.4).</summary>
public static class MembershipTransitions
{
    /// <param name="previous">The target's membership before the event; null for none.</param>
    /// <param name="next">The event's <c>content.membership</c>.</param>
    /// <param name="bySelf">Whether the sender is the target (<c>sender == state_key</c>).</param>
    public static MembershipChange Classify(string? previous, string next, bool bySelf) => (previous, next) switch
    {
        (Membership.Ban, Membership.Ban) => MembershipChange.None,
        (_, Membership.Ban) => bySelf ? MembershipChange.Invalid : MembershipChange.Banned,
        (Membership.Ban, Membership.Leave) => bySelf ? MembershipChange.Invalid : MembershipChange.Unbanned,
        (Membership.Ban, _) => MembershipChange.Invalid,

        (Membership.Join, Membership.Join) => bySelf ? MembershipChange.ProfileChanged : MembershipChange.Invalid,
        (Membership.Invite, Membership.Join) => bySelf ? MembershipChange.InviteAccepted : MembershipChange.Invalid,
        (_, Membership.Join) => bySelf ? MembershipChange.Joined : MembershipChange.Invalid,

        (Membership.Join or Membership.Invite, Membership.Invite) => MembershipChange.Invalid,
        (_, Membership.Invite) => bySelf ? MembershipChange.Invalid : MembershipChange.Invited,

        (Membership.Join, Membership.Leave) => bySelf ? MembershipChange.Left : MembershipChange.Kicked,
        (Membership.Invite, Membership.Leave) => bySelf ? MembershipChange.InviteRejected : MembershipChange.InviteRevoked,
        (Membership.Knock, Membership.Leave) => bySelf ? MembershipChange.KnockRetracted : MembershipChange.KnockDenied,
        (_, Membership.Leave) => MembershipChange.None,

        (null or Membership.Leave, Membership.Knock) => bySelf ? MembershipChange.Knocked : MembershipChange.Invalid,
        (Membership.Knock, Membership.Knock) => MembershipChange.None,
        (_, Membership.Knock) => MembershipChange.Invalid,

        _ => MembershipChange.Invalid,
    };
}
