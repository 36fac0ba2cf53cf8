namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>What a membership endpoint asks for; kick and unban both produce <c>leave</c> but need different
/// current memberships (DIGEST §4.4).</summary>
public enum MembershipAction
{
    Join,
    Invite,
    Leave,
    Kick,
    Ban,
    Unban,
    Knock,
}
