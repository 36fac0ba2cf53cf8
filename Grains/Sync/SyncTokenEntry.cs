namespace ClawChat.Grains.Sync;

/// <summary>A token's override for one room: the room's index in the checkpoint and its marks.</summary>
internal readonly record struct SyncTokenEntry(int Index, long Events, long Ephemeral);
