using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>
/// A user's server-side key backup (key: the user ID; DIGEST §12.7, spec key_backup.yaml): the versions, each
/// with its algorithm and <c>auth_data</c>, and the entry point for every key read and write. Versions are
/// increasing integers, never reused; the newest live one is current and the only one keys may be written to.
/// The keys of a version live in <see cref="IKeyBackupVersionGrain"/> and its per-room
/// <see cref="IKeyBackupRoomGrain"/>s, so a write touches one version's affected rooms only. This grain is the
/// single caller of those, which makes "is this the current version?" and the write one atomic step.
/// </summary>
[Alias("key-backup")]
public interface IKeyBackupGrain : IGrainWithStringKey
{
    /// <summary>Creates a version (the new current one), or <see cref="KeyBackupStatus.TooManyVersions"/>.</summary>
    Task<KeyBackupCreateResult> CreateVersionAsync(string algorithm, JsonElement authData);

    /// <summary>One version (null: the current one) with its key count and etag; null when it does not exist.</summary>
    [ReadOnly]
    Task<KeyBackupVersionInfo?> GetVersionAsync(string? version);

    /// <summary>Replaces the <c>auth_data</c> of an existing version whose algorithm is <paramref name="algorithm"/>:
    /// <see cref="KeyBackupStatus.Ok"/>, <see cref="KeyBackupStatus.UnknownVersion"/> or
    /// <see cref="KeyBackupStatus.AlgorithmMismatch"/>.</summary>
    Task<KeyBackupStatus> UpdateVersionAsync(string version, string algorithm, JsonElement authData);

    /// <summary>Deletes a version and all its keys. <see cref="KeyBackupStatus.Ok"/> also when it was deleted
    /// before; <see cref="KeyBackupStatus.UnknownVersion"/> only for a version that was never created.</summary>
    Task<KeyBackupStatus> DeleteVersionAsync(string version);

    /// <summary>Stores keys (room ID → session ID → key) in the current version, keeping the better key per session
    /// (<see cref="BackedUpRoomKey.IsBetterThan"/>).</summary>
    Task<KeyBackupWriteResult> PutKeysAsync(string version, IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> rooms);

    /// <summary>Keys of any existing version: all (<paramref name="roomId"/> null), one room's, or one session
    /// (<see cref="KeyBackupStatus.KeyNotFound"/> when that session is not stored). A room with no keys reads as
    /// an empty room, not as missing (spec: <c>{"sessions": {}}</c>).</summary>
    [ReadOnly]
    Task<KeyBackupReadResult> GetKeysAsync(string version, string? roomId, string? sessionId);

    /// <summary>Deletes keys of any existing version: all, one room's, or one session. Deleting what is not there
    /// succeeds and changes nothing.</summary>
    Task<KeyBackupWriteResult> DeleteKeysAsync(string version, string? roomId, string? sessionId);

    /// <summary>Deletes every version and key (account deactivation). Idempotent.</summary>
    Task DeleteAllAsync();
}
