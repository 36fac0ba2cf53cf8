using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.RoomDirectory;

/// <summary>
/// The server's published room list (<c>/publicRooms</c>, <c>/directory/list/room/{roomId}</c>, DIGEST §16): which
/// rooms are listed. One activation (key <see cref="Key"/>); summaries come from the rooms themselves when the
/// list is read. Publishing is independent of the join rule ("publishing ≠ public join rule").
/// </summary>
[Alias("public-room-list")]
public interface IPublicRoomListGrain : IGrainWithStringKey
{
    /// <summary>The only key.</summary>
    public const string Key = "local";

    /// <summary>Adds or removes the room; idempotent.</summary>
    Task SetPublishedAsync(string roomId, bool published);

    [ReadOnly]
    Task<bool> IsPublishedAsync(string roomId);

    /// <summary>Every published room ID, in publication order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetPublishedAsync();
}
