namespace ClawChat.Grains.Sync;

/// <summary>What one sync response covers, decided in one turn against a consistent view of the cursors.</summary>
internal sealed class SyncPlan
{
    /// <summary>Marks the response delivers through, per room it looked at (filtered-out rooms included: the
    /// token moves past them, as every server does).</summary>
    public Dictionary<string, SyncRoomMark> Covered { get; } = new(StringComparer.Ordinal);

    public List<JoinedRoomWork> Join { get; } = [];

    public List<LeftRoomWork> Leave { get; } = [];

    /// <summary>Invited (or knocking) rooms whose membership is new to the token.</summary>
    public List<StrippedRoomWork> Stripped { get; } = [];
}

/// <param name="Upto">Event position to read through.</param>
/// <param name="SliceSince">Position the token had (null: none — initial-style timeline).</param>
/// <param name="ReadEvents">Whether to read the timeline/state (false: only ephemeral or account data moved).</param>
/// <param name="FullState">Full state at the start of the timeline (initial sync, newly joined, full_state).</param>
/// <param name="ReadEphemeral">Whether to read typing/receipts.</param>
/// <param name="EphemeralSince">Ephemeral version the token had (null: initial — current typing, latest receipts).</param>
internal sealed record JoinedRoomWork(string RoomId, long Upto, long? SliceSince, bool ReadEvents, bool FullState, bool ReadEphemeral, long? EphemeralSince);

internal sealed record LeftRoomWork(string RoomId, long Upto, long? SliceSince, bool FullState);

internal sealed record StrippedRoomWork(string RoomId, bool Knock);
