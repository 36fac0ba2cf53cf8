using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>A local room alias (key: the full alias, <c>#name:server</c>) and the room it points to.</summary>
[Alias("room-alias")]
public interface IRoomAliasGrain : IGrainWithStringKey
{
    /// <summary>Points the alias at <paramref name="roomId"/> unless it already points somewhere; returns false when taken.</summary>
    Task<bool> TrySetAsync(string roomId, string creator);

    /// <summary>The target, or null when the alias does not exist.</summary>
    [ReadOnly]
    Task<RoomAliasTarget?> GetAsync();

    /// <summary>Deletes the alias; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync();

    /// <summary>Re-points the alias from <paramref name="fromRoomId"/> to <paramref name="toRoomId"/> (room upgrades,
    /// keeping the creator); false when it does not point at <paramref name="fromRoomId"/>.</summary>
    Task<bool> MoveAsync(string fromRoomId, string toRoomId);
}
