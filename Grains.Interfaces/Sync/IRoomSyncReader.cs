using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>
/// The sync-facing reads of a room (key: the room ID), implemented by the room grain itself (same activation as
/// <see cref="Rooms.IRoomGrain"/>). History visibility (DIGEST §9) is applied as in every other read.
/// </summary>
[Alias("room-sync")]
public interface IRoomSyncReader : IGrainWithStringKey
{
    /// <summary>The room's part of a sync response (DIGEST §6).</summary>
    [ReadOnly]
    Task<RoomSyncSlice> GetSyncSliceAsync(RoomSyncQuery query);

    /// <summary><c>invite_state</c>/<c>knock_state</c>: stripped create, join rules, name, avatar, topic, canonical
    /// alias and encryption events, plus the user's own member event in client format (DIGEST §6).</summary>
    [ReadOnly]
    Task<IReadOnlyList<JsonElement>> GetStrippedStateAsync(string userId);

    /// <summary>The stream position of an event the user may see, or null (unknown, other room, invisible).</summary>
    [ReadOnly]
    Task<long?> GetEventPositionAsync(string userId, string eventId);

    /// <summary>The joined members (empty for an unknown room).</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetJoinedMemberIdsAsync();
}
