namespace ClawChat.Grains.Rooms;

/// <summary>The user's membership in one room, the stream position of that member event, and whether the user forgot the room.</summary>
public sealed record UserRoomEntry(string Membership, long Position, bool Forgotten = false);
