namespace ClawChat.Grains.Rooms;

/// <summary>
/// The room's relations index, persisted with the checkpoint (like <see cref="RoomRedactionsState"/>) and only when it
/// changed. Events after the checkpoint are re-indexed by the replay on activation, so the index never lags the
/// event store; records are keyed by event ID, so re-indexing is idempotent. About 150 bytes per relation.
/// </summary>
public sealed class RoomRelationsState
{
    /// <summary>Every relation whose child is not redacted, in stream order.</summary>
    public List<RelationRecord> Relations { get; set; } = [];
}
