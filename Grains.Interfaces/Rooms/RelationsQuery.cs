namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>GET /rooms/{roomId}/relations/{eventId}</c> after parsing (DIGEST §8 "other paginated endpoints").</summary>
/// <param name="RelType">Only children with this <c>rel_type</c> (first hop), or null for all.</param>
/// <param name="EventType">Only children of this event type, or null for all.</param>
/// <param name="Backward">dir=b (newest first, the default) or dir=f.</param>
/// <param name="From">A stream position (<see cref="RoomStreamToken"/>) to start at, or null for the newest (b) / oldest (f).</param>
/// <param name="To">A stream position to stop at, or null.</param>
/// <param name="Recurse">Also follow relations of relations (up to <see cref="MaxRecursionDepth"/> hops).</param>
public sealed record RelationsQuery(
    string UserId,
    string? DeviceId,
    string EventId,
    string? RelType,
    string? EventType,
    bool Backward,
    long? From,
    long? To,
    int Limit,
    bool Recurse)
{
    /// <summary>How many hops <c>recurse=true</c> follows (DIGEST §3.6: "limit recursion to ~3 hops").</summary>
    public const int MaxRecursionDepth = 3;
}
