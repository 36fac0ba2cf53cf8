namespace ClawChat.Grains.E2ee.Backup;

/// <summary>Persisted state of <see cref="KeyBackupVersionGrain"/>: the etag counter, the total key count and the
/// key count per room (rooms with no keys are dropped). A few bytes per room, so it stays small next to the keys.</summary>
public sealed class KeyBackupVersionState
{
    public long Etag { get; set; }

    public long Count { get; set; }

    public Dictionary<string, int> Rooms { get; set; } = new(StringComparer.Ordinal);
}
