namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>Outcome of a key read: on <see cref="KeyBackupStatus.Ok"/> the keys by room ID, then session ID.</summary>
public sealed record KeyBackupReadResult(KeyBackupStatus Status, IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> Rooms)
{
    public static KeyBackupReadResult Of(KeyBackupStatus status) => new(status, new Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>>());
}
