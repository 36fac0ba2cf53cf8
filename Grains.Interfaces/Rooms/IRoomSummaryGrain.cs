using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// What the room directory, the user directory and space hierarchies need to know about a room, served by the
/// room grain (same key and activation as <see cref="IRoomGrain"/>) from its current state, without reading
/// the timeline.
/// </summary>
[Alias("room-summary")]
public interface IRoomSummaryGrain : IGrainWithStringKey
{
    /// <summary>The room's public summary (DIGEST §16 <c>/publicRooms</c> chunk fields), or null when the room does not exist.</summary>
    [ReadOnly]
    Task<RoomDirectorySummary?> GetSummaryAsync();

    /// <summary>The summary, the user's membership and the room's <c>m.space.child</c> events, or null when the
    /// room does not exist. The caller decides whether the user may see the room (space_hierarchy.yaml).</summary>
    [ReadOnly]
    Task<SpaceRoomEntry?> GetSpaceEntryAsync(string userId);

    /// <summary>Joined members for the user directory (DIGEST §16): when the user is joined, or the room is
    /// public (join rule <c>public</c> or world-readable history); otherwise none.</summary>
    [ReadOnly]
    Task<IReadOnlyList<JoinedMember>> GetDirectoryMembersAsync(string userId);

    /// <summary>Whether the user is joined and has the power level to send the state event <paramref name="eventType"/>.</summary>
    [ReadOnly]
    Task<bool> CanSendStateAsync(string userId, string eventType);
}
