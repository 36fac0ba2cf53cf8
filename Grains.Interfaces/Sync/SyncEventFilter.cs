namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>
/// An EventFilter / RoomEventFilter of a sync filter (DIGEST §7, spec definitions/event_filter.yaml and
/// room_event_filter.yaml). <c>not_*</c> always wins over the positive lists; <c>*</c> is a wildcard in types.
/// Null lists mean "no restriction".
/// </summary>
public sealed record SyncEventFilter(
    int? Limit = null,
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<string>? NotTypes = null,
    IReadOnlyList<string>? Senders = null,
    IReadOnlyList<string>? NotSenders = null,
    IReadOnlyList<string>? Rooms = null,
    IReadOnlyList<string>? NotRooms = null,
    bool? ContainsUrl = null,
    bool LazyLoadMembers = false,
    bool IncludeRedundantMembers = false,
    bool UnreadThreadNotifications = false)
{
    public static SyncEventFilter None { get; } = new();

    /// <summary>Whether the filter lets through nothing at all (<c>limit: 0</c> or <c>types: []</c>).</summary>
    public bool ExcludesEverything => Limit == 0 || Types is { Count: 0 };
}
