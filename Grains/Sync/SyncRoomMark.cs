namespace ClawChat.Grains.Sync;

/// <summary>Where a sync token stands in one room: the room's event position and its ephemeral version.</summary>
public sealed record SyncRoomMark(string RoomId, long Events, long Ephemeral);
