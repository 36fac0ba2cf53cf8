using ClawChat.Grains.Interfaces.E2ee.Backup;

namespace ClawChat.Grains.E2ee.Backup;

/// <summary>Persisted state of <see cref="KeyBackupRoomGrain"/>: session ID → backed-up key.</summary>
public sealed class KeyBackupRoomState
{
    public Dictionary<string, BackedUpRoomKey> Sessions { get; set; } = new(StringComparer.Ordinal);
}
