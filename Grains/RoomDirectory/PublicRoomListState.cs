namespace ClawChat.Grains.RoomDirectory;

/// <summary>Persisted state of <see cref="PublicRoomListGrain"/>.</summary>
public sealed class PublicRoomListState
{
    /// <summary>Published room IDs, in publication order.</summary>
    public List<string> Rooms { get; set; } = [];
}
