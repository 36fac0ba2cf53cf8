namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>One room's share of a <c>room_events</c> search.</summary>
/// <param name="Terms">Lower-cased search words; an event matches when each is a prefix of a word of one of <paramref name="Keys"/>.</param>
/// <param name="Keys"><c>content.body</c>, <c>content.name</c> and/or <c>content.topic</c>.</param>
/// <param name="Before">Search positions below this one (a cursor from an earlier page), or null for the newest.</param>
/// <param name="Limit">At most this many hits.</param>
/// <param name="BeforeLimit">Events of context before each hit (0: no context).</param>
/// <param name="AfterLimit">Events of context after each hit.</param>
/// <param name="IncludeProfile">Add <c>profile_info</c> for the senders of each hit and its context.</param>
public sealed record RoomSearchQuery(
    string UserId,
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> Keys,
    long? Before,
    int Limit,
    RoomEventFilter Filter,
    int BeforeLimit,
    int AfterLimit,
    bool IncludeProfile);
