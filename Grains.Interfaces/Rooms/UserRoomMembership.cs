namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A user's membership in one room and the room stream position of that membership event.</summary>
public sealed record UserRoomMembership(string RoomId, string Membership, long Position);
