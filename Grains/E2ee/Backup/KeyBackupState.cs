namespace ClawChat.Grains.E2ee.Backup;

/// <summary>Persisted state of <see cref="KeyBackupGrain"/>: the last version number issued (so numbers are never
/// reused and a deleted version is told apart from one never created) and the live versions.</summary>
public sealed class KeyBackupState
{
    public long LastVersion { get; set; }

    public Dictionary<long, KeyBackupVersionRecord> Versions { get; set; } = [];
}
