using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.RoomDirectory;

/// <summary>
/// The reverse index of local aliases (key: the room ID): every alias of this server pointing at the room, for
/// <c>GET /rooms/{roomId}/aliases</c> and for moving aliases on room upgrades. Maintained by the alias grains
/// (<see cref="Rooms.IRoomAliasGrain"/>), which are the source of truth.
/// </summary>
[Alias("room-local-aliases")]
public interface IRoomLocalAliasesGrain : IGrainWithStringKey
{
    Task AddAsync(string alias);

    Task RemoveAsync(string alias);

    [ReadOnly]
    Task<IReadOnlyList<string>> GetAsync();
}
