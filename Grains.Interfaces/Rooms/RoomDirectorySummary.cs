namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A room's summary from its current state (spec room_summary.yaml, <c>/publicRooms</c> chunk).</summary>
/// <param name="JoinRule">The join rule, or null when the room has none.</param>
/// <param name="RoomType">The create event's <c>type</c> (e.g. <c>m.space</c>), or null.</param>
/// <param name="AllowedRoomIds">Rooms named by a <c>restricted</c>/<c>knock_restricted</c> join rule's <c>allow</c> list.</param>
/// <param name="Encryption">The <c>m.room.encryption</c> algorithm, or null.</param>
public sealed record RoomDirectorySummary(
    string RoomId,
    string? Name,
    string? Topic,
    string? AvatarUrl,
    string? CanonicalAlias,
    int NumJoinedMembers,
    bool WorldReadable,
    bool GuestCanJoin,
    string? JoinRule,
    string? RoomType,
    string RoomVersion,
    string? Encryption,
    IReadOnlyList<string> AllowedRoomIds);
