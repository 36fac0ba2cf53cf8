using System.Globalization;
using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Runtime;

namespace ClawChat.Grains.E2ee.Backup;

/// <summary>
/// The keys of one backup version (see <see cref="IKeyBackupVersionGrain"/>). Keys are sharded by room so a write
/// rewrites only the rooms it touches (a busy user's backup reaches tens of thousands of keys, ~600 bytes each;
/// one document per version would rewrite megabytes for every new session). This grain keeps the per-room counts,
/// the total and the etag. Room grains are written before the index: if the silo dies in between, the index is
/// stale only until the next write to that room, which reports the room's true count.
/// </summary>
[GrainType("key-backup-version")]
public sealed class KeyBackupVersionGrain : Grain, IKeyBackupVersionGrain
{
    /// <summary>Room grains called at once when reading or clearing a whole version, so a backup spanning thousands
    /// of rooms does not flood the scheduler with one burst of calls.</summary>
    private const int FanOut = 64;

    private readonly IPersistentState<KeyBackupVersionState> _state;

    public KeyBackupVersionGrain([PersistentState("keys")] IPersistentState<KeyBackupVersionState> state)
    {
        _state = state;
    }

    private KeyBackupVersionState Data => _state.State;

    public async Task<KeyBackupWriteResult> PutAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>> rooms, int maxKeys)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var batch = rooms.Where(r => r.Value.Count > 0).ToList();
        var upperBound = Data.Count + batch.Sum(r => (long)r.Value.Count);
        if (upperBound > maxKeys)
        {
            // Only near the quota: count exactly how many sessions are new (most uploads re-send known sessions).
            var added = await Task.WhenAll(batch.Select(r => Room(r.Key).CountNewAsync([.. r.Value.Keys])));
            if (Data.Count + added.Sum(n => (long)n) > maxKeys)
            {
                return KeyBackupWriteResult.Of(KeyBackupStatus.TooManyKeys);
            }
        }

        var changes = await Task.WhenAll(batch.Select(r => Room(r.Key).PutAsync(r.Value)));
        var changed = false;
        for (var i = 0; i < batch.Count; i++)
        {
            changed |= changes[i].Changed;
            SetRoomCount(batch[i].Key, changes[i].Count);
        }

        if (changed)
        {
            await CommitAsync();
        }

        return Counts();
    }

    public async Task<KeyBackupReadResult> GetAsync(string? roomId, string? sessionId)
    {
        var rooms = new Dictionary<string, IReadOnlyDictionary<string, BackedUpRoomKey>>(StringComparer.Ordinal);
        if (roomId is null)
        {
            foreach (var chunk in Data.Rooms.Keys.ToList().Chunk(FanOut))
            {
                var sessions = await Task.WhenAll(chunk.Select(r => Room(r).GetAsync(null)));
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (sessions[i].Count > 0)
                    {
                        rooms[chunk[i]] = sessions[i];
                    }
                }
            }

            return new KeyBackupReadResult(KeyBackupStatus.Ok, rooms);
        }

        var found = Data.Rooms.ContainsKey(roomId)
            ? await Room(roomId).GetAsync(sessionId)
            : new Dictionary<string, BackedUpRoomKey>();
        if (sessionId is not null && found.Count == 0)
        {
            return KeyBackupReadResult.Of(KeyBackupStatus.KeyNotFound);
        }

        rooms[roomId] = found;
        return new KeyBackupReadResult(KeyBackupStatus.Ok, rooms);
    }

    public async Task<KeyBackupWriteResult> DeleteAsync(string? roomId, string? sessionId)
    {
        var targets = roomId is null ? Data.Rooms.Keys.ToList() : Data.Rooms.ContainsKey(roomId) ? [roomId] : [];
        var changed = false;
        foreach (var chunk in targets.Chunk(FanOut))
        {
            var changes = await Task.WhenAll(chunk.Select(r => Room(r).DeleteAsync(sessionId)));
            for (var i = 0; i < chunk.Length; i++)
            {
                changed |= changes[i].Changed;
                SetRoomCount(chunk[i], changes[i].Count);
            }
        }

        if (changed)
        {
            await CommitAsync();
        }

        return Counts();
    }

    public Task<KeyBackupWriteResult> GetCountsAsync() => Task.FromResult(Counts());

    public async Task ClearAsync()
    {
        foreach (var chunk in Data.Rooms.Keys.ToList().Chunk(FanOut))
        {
            await Task.WhenAll(chunk.Select(r => Room(r).DeleteAsync(null)));
        }

        await _state.ClearStateAsync();
    }

    private void SetRoomCount(string roomId, int count)
    {
        if (count > 0)
        {
            Data.Rooms[roomId] = count;
        }
        else
        {
            Data.Rooms.Remove(roomId);
        }
    }

    /// <summary>Any change of the stored key set moves the etag (DIGEST §12.7: clients compare it to notice other
    /// writers); the total is recomputed from the index so it can never drift from it.</summary>
    private async Task CommitAsync()
    {
        Data.Etag++;
        Data.Count = Data.Rooms.Values.Sum(n => (long)n);
        await _state.WriteStateAsync();
    }

    private KeyBackupWriteResult Counts() =>
        new(KeyBackupStatus.Ok, Data.Count, Data.Etag.ToString(CultureInfo.InvariantCulture));

    private IKeyBackupRoomGrain Room(string roomId) =>
        GrainFactory.GetGrain<IKeyBackupRoomGrain>(GetPrimaryKeyString() + "|" + roomId);
}
