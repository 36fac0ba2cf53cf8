namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>The <c>room</c> part of a sync filter (spec definitions/sync_filter.yaml).</summary>
public sealed record SyncRoomFilter(
    IReadOnlyList<string>? Rooms = null,
    IReadOnlyList<string>? NotRooms = null,
    bool IncludeLeave = false,
    SyncEventFilter? State = null,
    SyncEventFilter? Timeline = null,
    SyncEventFilter? Ephemeral = null,
    SyncEventFilter? AccountData = null)
{
    public static SyncRoomFilter None { get; } = new();

    /// <summary>Whether <paramref name="roomId"/> passes <c>rooms</c>/<c>not_rooms</c> (not_rooms wins).</summary>
    public bool IncludesRoom(string roomId) =>
        (NotRooms is null || !NotRooms.Contains(roomId, StringComparer.Ordinal))
        && (Rooms is null || Rooms.Contains(roomId, StringComparer.Ordinal));
}
