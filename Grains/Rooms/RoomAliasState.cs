namespace ClawChat.Grains.Rooms;

/// <summary>Persisted state of <see cref="RoomAliasGrain"/>; both null when the alias does not exist.</summary>
public sealed class RoomAliasState
{
    public string? RoomId { get; set; }

    public string? Creator { get; set; }
}
