using ClawChat.Grains.Interfaces.Rooms;

namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>What a sync stream asks a room for one user (DIGEST §6 rooms sections).</summary>
/// <param name="Since">Position the user's previous sync covered in this room; null for an initial sync of the room.</param>
/// <param name="Upto">Read through this position (the position the sync stream knows; the new token covers exactly it).</param>
/// <param name="TimelineLimit">At most this many timeline events (the latest ones).</param>
/// <param name="FullState">State is the full state at the start of the timeline (initial sync, newly joined room,
/// <c>full_state=true</c>); otherwise only the state that changed between <paramref name="Since"/> and the start of the timeline.</param>
/// <param name="TimelineFilter">Applied to timeline events (ignored users are in its <c>not_senders</c>).</param>
/// <param name="StateFilter">Applied to state events.</param>
/// <param name="LazyLoadMembers">Only the member events the client needs (DIGEST §7).</param>
/// <param name="IncludeSummary">Whether to compute <c>summary</c>.</param>
public sealed record RoomSyncQuery(
    string UserId,
    string? DeviceId,
    long? Since,
    long Upto,
    int TimelineLimit,
    bool FullState,
    RoomEventFilter TimelineFilter,
    RoomEventFilter StateFilter,
    bool LazyLoadMembers,
    bool IncludeSummary = true);
