namespace ClawChat.Grains.Sync;

/// <summary>Persisted state of <see cref="UserFiltersGrain"/>: filter ID → filter (canonical JSON text).</summary>
public sealed class UserFiltersState
{
    public long NextId { get; set; }

    public Dictionary<string, string> Filters { get; set; } = new(StringComparer.Ordinal);
}
