namespace ClawChat.Grains.AccountData;

/// <summary>Persisted state of <see cref="AccountDataGrain"/>: the stream version, global entries (type → record)
/// and per-room entries (room ID → type → record).</summary>
public sealed class AccountDataState
{
    public long Version { get; set; }

    public Dictionary<string, AccountDataRecord> Global { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, AccountDataRecord>> Rooms { get; set; } = new(StringComparer.Ordinal);
}
