using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// Per-user membership index (key: the user ID): every room the user is joined to, invited to, has knocked on,
/// left or been banned from, with the stream position of the membership event. Room grains keep it up to date
/// on every membership change; <c>/joined_rooms</c> and (later) <c>/sync</c> read it.
/// </summary>
[Alias("user-rooms")]
public interface IUserRoomsGrain : IGrainWithStringKey
{
    /// <summary>Records a membership change. Idempotent and order-tolerant: a position at or below the one
    /// already recorded for the room is ignored (rooms re-send changes after a restart).</summary>
    Task UpdateMembershipAsync(string roomId, string membership, long position);

    /// <summary>Hides a left room from the user's room lists (<c>/forget</c>). Returns false when the user's
    /// recorded membership is still join, invite or knock.</summary>
    Task<bool> ForgetAsync(string roomId);

    /// <summary>Room IDs the user is joined to.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetJoinedRoomsAsync();

    /// <summary>Every room the user has a (not forgotten) membership in.</summary>
    [ReadOnly]
    Task<IReadOnlyList<UserRoomMembership>> GetRoomsAsync();

    /// <summary>Sends an updated <c>m.room.member</c> join event (new displayname/avatar_url) to every joined
    /// room (DIGEST §16 profiles). Returns how many rooms got one. Interleaves: it only reads the room list
    /// (before its first await) and then waits on rooms, which may themselves be waiting to update this index
    /// (e.g. a room sending an invite for this user) — holding the grain would deadlock them.</summary>
    [AlwaysInterleave]
    Task<int> OnProfileChangedAsync(string? displayName, string? avatarUrl);
}
