using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// Relations of a room's events (DIGEST §3.6), served by the room grain (same key and activation as
/// <see cref="IRoomGrain"/>). The room indexes every event carrying <c>content["m.relates_to"]</c> when it is
/// appended; reads apply history visibility (DIGEST §9) and return client-format events with bundled
/// aggregations. Errors: M_NOT_FOUND for an unknown room or an unknown/invisible parent, M_FORBIDDEN for a user
/// who may not read the room.
/// </summary>
[Alias("room-relations")]
public interface IRoomRelationsGrain : IGrainWithStringKey
{
    /// <summary><c>GET /rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]</c>.</summary>
    [ReadOnly]
    Task<RelationsPage> GetRelationsAsync(RelationsQuery query);

    /// <summary><c>GET /rooms/{roomId}/threads</c>: thread roots, most recently active first.</summary>
    [ReadOnly]
    Task<ThreadsPage> GetThreadsAsync(ThreadsQuery query);
}
