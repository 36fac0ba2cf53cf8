namespace ClawChat.Grains.Sync;

/// <summary>A <c>since</c> token resolved against its checkpoint: the marks it stands for.</summary>
internal sealed class ResolvedSince(SyncCheckpoint checkpoint, Dictionary<string, SyncRoomMark> delta, long accountData, long toDevice = 0, long deviceLists = 0)
{
    public SyncCheckpoint Checkpoint { get; } = checkpoint;

    /// <summary>Rooms whose marks differ from the checkpoint's.</summary>
    public Dictionary<string, SyncRoomMark> Delta { get; } = delta;

    public long AccountData { get; } = accountData;

    /// <summary>The requesting device's inbox sequence the token was delivered through (DIGEST §13).</summary>
    public long ToDevice { get; } = toDevice;

    /// <summary>The user's device-list log position (DIGEST §12.5).</summary>
    public long DeviceLists { get; } = deviceLists;

    public SyncRoomMark? Mark(string roomId) => Delta.TryGetValue(roomId, out var mark) ? mark : Checkpoint.Get(roomId);
}
