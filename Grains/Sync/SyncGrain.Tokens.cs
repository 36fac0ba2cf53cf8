using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Sync;

/// <summary>Resolving <c>since</c> tokens and issuing <c>next_batch</c> tokens (DIGEST §6 tokens, DESIGN §5).</summary>
public sealed partial class SyncGrain
{
    /// <summary>The marks a token stands for; null when its checkpoint is gone (garbage-collected, or from another database).</summary>
    private async Task<ResolvedSince?> ResolveAsync(SyncToken token)
    {
        var checkpoint = await CheckpointAsync(token.CheckpointId);
        if (checkpoint is null)
        {
            return null;
        }

        var delta = new Dictionary<string, SyncRoomMark>(token.Entries.Count, StringComparer.Ordinal);
        foreach (var entry in token.Entries)
        {
            if (entry.Index >= checkpoint.Rooms.Count)
            {
                throw MatrixException.InvalidParam("'since' is not a valid sync token.");
            }

            var roomId = checkpoint.Rooms[entry.Index].RoomId;
            delta[roomId] = new SyncRoomMark(roomId, entry.Events, entry.Ephemeral);
        }

        return new ResolvedSince(checkpoint, delta, token.AccountData, token.ToDevice, token.DeviceLists);
    }

    private async Task<SyncCheckpoint?> CheckpointAsync(long id)
    {
        if (id == 0)
        {
            return SyncCheckpoint.Empty;
        }

        if (id == _latest.Id)
        {
            return _latest;
        }

        if (_archive.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (id > _latest.Id)
        {
            return null;
        }

        var checkpoint = await _checkpoints.ReadAsync(_userId, id);
        if (checkpoint is not null)
        {
            Cache(checkpoint);
        }

        return checkpoint;
    }

    private void Cache(SyncCheckpoint checkpoint)
    {
        if (_archive.Count >= CachedCheckpoints)
        {
            _archive.Remove(_archive.Keys.Min());
        }

        _archive[checkpoint.Id] = checkpoint;
    }

    /// <summary>
    /// The token for a response that covered <paramref name="covered"/> (rooms it looked at, at the marks it
    /// delivered through); every other room stays where <paramref name="since"/> had it. Expressed against the
    /// same checkpoint as <paramref name="since"/> (or the latest one) when few rooms differ from it; otherwise a
    /// new checkpoint with all marks is written first.
    /// </summary>
    private async Task<string> NextTokenAsync(ResolvedSince? since, Dictionary<string, SyncRoomMark> covered, long accountData, long toDevice, long deviceLists)
    {
        var baseline = since?.Checkpoint ?? _latest;
        var delta = since is null ? new Dictionary<string, SyncRoomMark>(StringComparer.Ordinal) : new Dictionary<string, SyncRoomMark>(since.Delta, StringComparer.Ordinal);
        foreach (var (roomId, mark) in covered)
        {
            if (baseline.Get(roomId) is { } held && held.Events == mark.Events && held.Ephemeral == mark.Ephemeral)
            {
                delta.Remove(roomId);
            }
            else
            {
                delta[roomId] = mark;
            }
        }

        if (delta.Count <= MaxTokenRooms && delta.Keys.All(roomId => baseline.IndexOf(roomId) is not null))
        {
            var entries = delta.Values
                .Select(mark => new SyncTokenEntry(baseline.IndexOf(mark.RoomId)!.Value, mark.Events, mark.Ephemeral))
                .OrderBy(entry => entry.Index)
                .ToList();
            return new SyncToken(baseline.Id, accountData, entries, toDevice, deviceLists).Format();
        }

        var rooms = new List<SyncRoomMark>(baseline.Rooms.Count + delta.Count);
        foreach (var mark in baseline.Rooms)
        {
            rooms.Add(delta.Remove(mark.RoomId, out var moved) ? moved : mark);
        }

        rooms.AddRange(delta.Values);
        var checkpoint = await WriteCheckpointAsync(rooms);
        return new SyncToken(checkpoint.Id, accountData, [], toDevice, deviceLists).Format();
    }

    /// <summary>Archives the checkpoint, then makes it the head (a crash in between leaves a record the next
    /// write replaces; no token names it yet), then drops the one that fell out of retention.</summary>
    private async Task<SyncCheckpoint> WriteCheckpointAsync(List<SyncRoomMark> rooms)
    {
        await _checkpointLock.WaitAsync();
        try
        {
            var id = Math.Max(_head.State.CheckpointId, _latest.Id) + 1;
            await _checkpoints.WriteAsync(_userId, id, rooms);
            _head.State = new SyncHeadState { CheckpointId = id, Rooms = rooms };
            await _head.WriteStateAsync();
            var checkpoint = new SyncCheckpoint(id, rooms);
            _latest = checkpoint;
            RecomputeDirty();
            Log.CheckpointWritten(_logger, _userId, id, rooms.Count);
            if (id > RetainedCheckpoints)
            {
                try
                {
                    await _checkpoints.DeleteAsync(_userId, id - RetainedCheckpoints);
                    _archive.Remove(id - RetainedCheckpoints);
                }
                catch (Exception ex)
                {
                    Log.CheckpointCleanupFailed(_logger, _userId, id - RetainedCheckpoints, ex);
                }
            }

            return checkpoint;
        }
        finally
        {
            _checkpointLock.Release();
        }
    }
}
