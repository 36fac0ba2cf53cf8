using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>Server-side search in one room's timeline (<c>POST /search</c>, spec search.yaml), served by the room
/// grain (same key and activation as <see cref="IRoomGrain"/>). Only events the user may see are searched
/// (DIGEST §9), newest first, with a bounded number of events examined per call.</summary>
[Alias("room-search")]
public interface IRoomSearchGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<RoomSearchPage> SearchAsync(RoomSearchQuery query);
}
