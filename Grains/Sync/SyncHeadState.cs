namespace ClawChat.Grains.Sync;

/// <summary>Persisted state of <see cref="SyncGrain"/>: the latest checkpoint (its ID and marks). Older
/// checkpoints live in their own records (<see cref="SyncCheckpointStore"/>).</summary>
public sealed class SyncHeadState
{
    public long CheckpointId { get; set; }

    public List<SyncRoomMark> Rooms { get; set; } = [];
}
