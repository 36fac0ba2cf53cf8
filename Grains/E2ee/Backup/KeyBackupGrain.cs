using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Runtime;

namespace ClawChat.Grains.E2ee.Backup;

/// <summary>
/// A user's key backup versions (see <see cref="IKeyBackupGrain"/>). The state is only the version metadata (a few
/// hundred bytes each); keys live in the version grains. Not reentrant: a key write checks "current version" and
/// completes before a concurrent <c>POST /room_keys/version</c> can make another version current, so no key is ever
/// written to a version that stopped being current mid-request.
/// </summary>
[GrainType("key-backup")]
public sealed class KeyBackupGrain : Grain, IKeyBackupGrain
{
    private readonly IPersistentState<KeyBackupState> _state;

    public KeyBackupGrain([PersistentState("backup")] IPersistentState<KeyBackupState> state)
    {
        _state = state;
    }

    private KeyBackupState Data => _state.State;

    /// <summary>The newest live version, 0 when there is none.</summary>
    private long Current => Data.Versions.Count == 0 ? 0 : Data.Versions.Keys.Max();

    public async Task<KeyBackupCreateResult> CreateVersionAsync(string algorithm, JsonElement authData)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (Data.Versions.Count >= KeyBackupLimits.MaxVersions)
        {
            return new KeyBackupCreateResult(KeyBackupStatus.TooManyVersions, null);
        }

        var version = ++Data.LastVersion;
        Data.Versions[version] = new KeyBackupVersionRecord(algorithm, authData.GetRawText());
        await _state.WriteStateAsync();
        return new KeyBackupCreateResult(KeyBackupStatus.Ok, KeyBackupIds.Format(version));
    }

    public async Task<KeyBackupVersionInfo?> GetVersionAsync(string? version)
    {
        var number = version is null ? Current : Find(version);
        if (number == 0 || !Data.Versions.TryGetValue(number, out var record))
        {
            return null;
        }

        var counts = await VersionGrain(number).GetCountsAsync();
        using var authData = JsonDocument.Parse(record.AuthData);
        return new KeyBackupVersionInfo(KeyBackupIds.Format(number), record.Algorithm, authData.RootElement.Clone(), counts.Count, counts.Etag);
    }

    public async Task<KeyBackupStatus> UpdateVersionAsync(string version, string algorithm, JsonElement authData)
    {
        var number = Find(version);
        if (number == 0 || !Data.Versions.TryGetValue(number, out var record))
        {
            return KeyBackupStatus.UnknownVersion;
        }

        if (!string.Equals(record.Algorithm, algorithm, StringComparison.Ordinal))
        {
            return KeyBackupStatus.AlgorithmMismatch;
        }

        Data.Versions[number] = record with { AuthData = authData.GetRawText() };
        await _state.WriteStateAsync();
        return KeyBackupStatus.Ok;
    }

    public async Task<KeyBackupStatus> DeleteVersionAsync(string version)
    {
        // Every number up to LastVersion was issued once: if it is not live, it was deleted, and deleting it again
        // succeeds (spec: "If the backup was previously deleted, the call should succeed").
        if (!KeyBackupIds.TryParse(version, out var number) || number > Data.LastVersion)
        {
            return KeyBackupStatus.UnknownVersion;
        }

        if (Data.Versions.ContainsKey(number))
        {
            // Keys first: a crash in between leaves a live, empty version that a retry deletes, never orphaned keys.
            await VersionGrain(number).ClearAsync();
            Data.Versions.Remove(number);
            await _state.WriteStateAsync();
        }

        return KeyBackupStatus.Ok;
    }

    public async Task<KeyBackupWriteResult> PutKeysAsync(string version, IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var current = Current;
        if (current == 0)
        {
            return KeyBackupWriteResult.Of(KeyBackupStatus.UnknownVersion);
        }

        if (Find(version) != current)
        {
            return new KeyBackupWriteResult(KeyBackupStatus.WrongVersion, CurrentVersion: KeyBackupIds.Format(current));
        }

        return await VersionGrain(current).PutAsync(rooms, KeyBackupLimits.MaxKeysPerVersion);
    }

    public async Task<KeyBackupReadResult> GetKeysAsync(string version, string? roomId, string? sessionId)
    {
        var number = Find(version);
        return Data.Versions.ContainsKey(number)
            ? await VersionGrain(number).GetAsync(roomId, sessionId)
            : KeyBackupReadResult.Of(KeyBackupStatus.UnknownVersion);
    }

    public async Task<KeyBackupWriteResult> DeleteKeysAsync(string version, string? roomId, string? sessionId)
    {
        // Like Synapse, deletes may target any live version, not only the current one: the spec lists no
        // M_WRONG_ROOM_KEYS_VERSION for DELETE, and clearing an old backup is harmless.
        var number = Find(version);
        return Data.Versions.ContainsKey(number)
            ? await VersionGrain(number).DeleteAsync(roomId, sessionId)
            : KeyBackupWriteResult.Of(KeyBackupStatus.UnknownVersion);
    }

    public async Task DeleteAllAsync()
    {
        foreach (var number in Data.Versions.Keys.ToList())
        {
            await VersionGrain(number).ClearAsync();
            Data.Versions.Remove(number);
            await _state.WriteStateAsync();
        }
    }

    /// <summary>The version number of <paramref name="version"/>, 0 when it is not a version string at all.</summary>
    private static long Find(string version) => KeyBackupIds.TryParse(version, out var number) ? number : 0;

    private IKeyBackupVersionGrain VersionGrain(long version) =>
        GrainFactory.GetGrain<IKeyBackupVersionGrain>(KeyBackupIds.VersionKey(GetPrimaryKeyString(), version));
}
