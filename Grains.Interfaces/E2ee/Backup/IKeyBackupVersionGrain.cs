using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>
/// The keys of one backup version (key: <see cref="KeyBackupIds.VersionKey"/>): an index of rooms with their key
/// counts, the total and the etag, over one <see cref="IKeyBackupRoomGrain"/> per room. Only
/// <see cref="IKeyBackupGrain"/> calls it, after checking the version exists.
/// </summary>
[Alias("key-backup-version")]
public interface IKeyBackupVersionGrain : IGrainWithStringKey
{
    /// <summary>Stores keys, keeping the better key per session; <see cref="KeyBackupStatus.TooManyKeys"/> (and
    /// nothing stored) when the version would then hold more than <paramref name="maxKeys"/>.</summary>
    Task<KeyBackupWriteResult> PutAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> rooms, int maxKeys);

    /// <summary>All keys, one room's, or one session (see <see cref="IKeyBackupGrain.GetKeysAsync"/>).</summary>
    [ReadOnly]
    Task<KeyBackupReadResult> GetAsync(string? roomId, string? sessionId);

    /// <summary>Deletes all keys, one room's, or one session.</summary>
    Task<KeyBackupWriteResult> DeleteAsync(string? roomId, string? sessionId);

    /// <summary>The key count and etag.</summary>
    [ReadOnly]
    Task<KeyBackupWriteResult> GetCountsAsync();

    /// <summary>Deletes every key and the index (the version is being deleted). Idempotent.</summary>
    Task ClearAsync();
}
