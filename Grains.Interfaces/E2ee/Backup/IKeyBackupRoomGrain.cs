using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>
/// The backed-up keys of one room in one backup version (key: <see cref="KeyBackupIds.RoomKey"/>), session ID →
/// key. Only its <see cref="IKeyBackupVersionGrain"/> calls it, which keeps the room index and the total in step.
/// </summary>
[Alias("key-backup-room")]
public interface IKeyBackupRoomGrain : IGrainWithStringKey
{
    /// <summary>Stores keys, keeping the better key per session (<see cref="BackedUpRoomKey.IsBetterThan"/>).</summary>
    Task<KeyBackupRoomChange> PutAsync(IReadOnlyDictionary<string, BackedUpRoomKey> sessions);

    /// <summary>How many of <paramref name="sessionIds"/> are not stored yet (what a put would add).</summary>
    [ReadOnly]
    Task<int> CountNewAsync(IReadOnlyList<string> sessionIds);

    /// <summary>All keys (<paramref name="sessionId"/> null) or the one session's (empty when not stored).</summary>
    [ReadOnly]
    Task<IReadOnlyDictionary<string, BackedUpRoomKey>> GetAsync(string? sessionId);

    /// <summary>Deletes all keys (<paramref name="sessionId"/> null) or one session's.</summary>
    Task<KeyBackupRoomChange> DeleteAsync(string? sessionId);
}
