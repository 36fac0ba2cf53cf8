namespace ClawChat.Grains.Sync;

/// <summary>One archived checkpoint as stored.</summary>
public sealed class SyncCheckpointRecord
{
    public List<SyncRoomMark> Rooms { get; set; } = [];
}
