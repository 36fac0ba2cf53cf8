namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>A room's notification to a member's sync stream: the room's stream position is now at least
/// <paramref name="Position"/>; when the user's own membership changed in the events being announced,
/// <paramref name="Membership"/> is the new membership and <paramref name="MembershipPosition"/> the position of
/// that member event.</summary>
public sealed record RoomAdvance(string RoomId, long Position, string? Membership = null, long MembershipPosition = 0);
