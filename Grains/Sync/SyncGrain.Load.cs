using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Sync;

/// <summary>Rebuilding the cursors after activation (DESIGN §5: "rebuilt from the store on activation").</summary>
public sealed partial class SyncGrain
{
    /// <summary>Loads once per activation, on the first sync (a stream that only receives notices — an offline
    /// member of a busy room — never pays for it). A failed load is retried by the next sync.</summary>
    private Task EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
        {
            _loading = LoadAsync();
        }

        return _loading;
    }

    /// <summary>
    /// Memberships come from the user's membership index; a joined room's position is the event store's head for
    /// that room (committed events, whether or not their notice arrived). Ephemeral versions start from the latest
    /// checkpoint: they are only a wake-up hint, each ephemeral read returns the version it covers. Notices that
    /// arrive meanwhile merge monotonically with what is read here.
    /// </summary>
    private async Task LoadAsync()
    {
        var memberships = await GrainFactory.GetGrain<IUserRoomsGrain>(_userId).GetRoomsAsync();

        // The account-data version and device-list position too: a change announced to a previous activation must still wake a long-poll.
        var accountData = await GrainFactory.GetGrain<IAccountDataGrain>(_userId).GetChangesAsync(long.MaxValue);
        _accountDataVersion = Math.Max(_accountDataVersion, accountData.Version);
        await DeviceListsAsync(since: null);
        var joined = memberships.Where(m => m.Membership == Membership.Join).Select(m => m.RoomId).ToList();
        var heads = new Dictionary<string, long>(joined.Count, StringComparer.Ordinal);
        for (var i = 0; i < joined.Count; i += LoadParallelism)
        {
            var batch = joined.GetRange(i, Math.Min(LoadParallelism, joined.Count - i));
            var positions = await Task.WhenAll(batch.Select(roomId => _events.GetLastSequenceAsync(roomId)));
            for (var j = 0; j < batch.Count; j++)
            {
                heads[batch[j]] = positions[j];
            }
        }

        foreach (var membership in memberships)
        {
            if (!_rooms.TryGetValue(membership.RoomId, out var cursor))
            {
                cursor = NewCursor(membership.RoomId);
            }

            cursor.Merge(membership.Membership, membership.Position, heads.GetValueOrDefault(membership.RoomId, membership.Position));
        }

        foreach (var (roomId, cursor) in _rooms.ToList())
        {
            if (cursor.Membership is null)
            {
                _rooms.Remove(roomId);
            }
        }

        RecomputeDirty();
        Log.Loaded(_logger, _userId, _rooms.Count);
    }
}
