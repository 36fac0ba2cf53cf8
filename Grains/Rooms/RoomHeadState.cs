namespace ClawChat.Grains.Rooms;

/// <summary>
/// The room grain's persisted checkpoint ("head"). The event store is the source of truth for the timeline;
/// the head lets an activation start without replaying history: it names the current state by event ID, the
/// forward extremity and depth, the membership and history-visibility changes that visibility checks need
/// (DIGEST §9), and recent transaction IDs. Everything after <see cref="Position"/> is replayed from the event
/// store on activation, so the head is written every few events rather than on every append (see
/// <see cref="RoomGrain"/>).
/// </summary>
public sealed class RoomHeadState
{
    /// <summary>The room version from the create event; null while the room does not exist.</summary>
    public string? RoomVersion { get; set; }

    /// <summary>The last stream position this checkpoint covers.</summary>
    public long Position { get; set; }

    /// <summary>The event at <see cref="Position"/>: the only forward extremity (one server, linear DAG).</summary>
    public string? LastEventId { get; set; }

    public long Depth { get; set; }

    public List<StateRef> State { get; set; } = [];

    /// <summary>Per user, every membership change (position, membership), oldest first.</summary>
    public Dictionary<string, List<MembershipMark>> Memberships { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every <c>m.room.history_visibility</c> change, oldest first.</summary>
    public List<VisibilityMark> Visibility { get; set; } = [];

    /// <summary>The most recent transactions, oldest first (bounded).</summary>
    public List<RecentTransaction> Transactions { get; set; } = [];
}
