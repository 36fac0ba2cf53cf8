namespace ClawChat.Grains.Sync;

/// <summary>A <c>since</c> token resolved against its checkpoint: the marks it stands for.</summary>
internal sealed class ResolvedSince(SyncCheckpoint checkpoint, Dictionary<string, SyncRoomMark> delta, long accountData)
{
    public SyncCheckpoint Checkpoint { get; } = checkpoint;

    /// <summary>Rooms whose marks differ from the checkpoint's.</summary>
    public Dictionary<string, SyncRoomMark> Delta { get; } = delta;

    public long AccountData { get; } = accountData;

    public SyncRoomMark? Mark(string roomId) => Delta.TryGetValue(roomId, out var mark) ? mark : Checkpoint.Get(roomId);
}
