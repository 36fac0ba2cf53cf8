namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>A sync filter (DIGEST §7; spec definitions/sync_filter.yaml) after parsing with
/// <see cref="SyncFilterParser"/>. <paramref name="EventFields"/> are dotted paths (<c>\.</c> escapes a literal
/// dot) of the fields to keep in every event; null keeps all.</summary>
public sealed record SyncFilter(
    IReadOnlyList<string>? EventFields = null,
    string EventFormat = "client",
    SyncEventFilter? Presence = null,
    SyncEventFilter? AccountData = null,
    SyncRoomFilter? Room = null)
{
    public static SyncFilter None { get; } = new();

    public SyncRoomFilter RoomFilter => Room ?? SyncRoomFilter.None;
}
