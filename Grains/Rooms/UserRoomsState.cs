namespace ClawChat.Grains.Rooms;

/// <summary>Persisted state of <see cref="UserRoomsGrain"/>: room ID → the user's latest membership there.</summary>
public sealed class UserRoomsState
{
    public Dictionary<string, UserRoomEntry> Rooms { get; set; } = new(StringComparer.Ordinal);
}
