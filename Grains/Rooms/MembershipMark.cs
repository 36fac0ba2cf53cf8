namespace ClawChat.Grains.Rooms;

/// <summary>A user's membership became <paramref name="Membership"/> with the event at <paramref name="Position"/>.</summary>
public sealed record MembershipMark(long Position, string Membership);
