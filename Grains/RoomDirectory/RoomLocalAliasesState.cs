namespace ClawChat.Grains.RoomDirectory;

/// <summary>Persisted state of <see cref="RoomLocalAliasesGrain"/>.</summary>
public sealed class RoomLocalAliasesState
{
    public List<string> Aliases { get; set; } = [];
}
