using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Sync;

/// <summary>
/// A user's sync stream (DESIGN §5, DIGEST §6).
/// <para>
/// Memory: one <see cref="RoomCursor"/> per room of the user (event position, ephemeral version, membership).
/// Rooms, ephemeral grains and the account-data grain push changes here with one-way calls; merges are monotonic,
/// so a repeated or reordered notice is harmless. The cursors are rebuilt on the first sync after activation from
/// the membership index (<see cref="Interfaces.Rooms.IUserRoomsGrain"/>) and the event store's head of each joined
/// room, so a notice lost to a crash never hides an event from a sync that follows a restart.
/// </para>
/// <para>
/// Tokens (<see cref="SyncToken"/>): a persisted checkpoint of all marks (head state + archived records) plus an
/// in-token delta of at most <see cref="MaxTokenRooms"/> rooms. <see cref="_dirty"/> holds the rooms whose cursor
/// moved past the latest checkpoint, so an incremental sync on a token of that checkpoint looks at
/// <c>_dirty ∪ token delta</c> only — work proportional to what changed, not to the number of rooms.
/// </para>
/// <para>
/// Waiting: a long-poll awaits <see cref="_signal"/>, completed by the next notice (no timer ticks, no polling).
/// The class is reentrant: a waiting request and the notices that wake it interleave; every state change happens
/// between awaits, so each turn sees a consistent view.
/// </para>
/// </summary>
[GrainType("sync")]
[Reentrant]
public sealed partial class SyncGrain : Grain, ISyncGrain
{
    /// <summary>Rooms a token may carry beyond its checkpoint (each about 25 characters); past it a new
    /// checkpoint is written, so tokens stay short and checkpoint writes stay rare for users whose activity is
    /// concentrated in a few rooms.</summary>
    internal const int MaxTokenRooms = 12;

    /// <summary>Archived checkpoints kept; an older token is answered like an initial sync (full state, limited timelines).</summary>
    internal const int RetainedCheckpoints = 64;

    /// <summary>Timeline events per room when the filter sets no limit (DIGEST §6 practice: 10–20).</summary>
    internal const int DefaultTimelineLimit = 10;

    private const int LoadParallelism = 32;
    private const int CachedCheckpoints = 4;

    private readonly IPersistentState<SyncHeadState> _head;
    private readonly SyncCheckpointStore _checkpoints;
    private readonly IEventStore _events;
    private readonly TimeProvider _time;
    private readonly ILogger<SyncGrain> _logger;

    private readonly Dictionary<string, RoomCursor> _rooms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SyncCheckpoint> _archive = [];
    private readonly SemaphoreSlim _checkpointLock = new(1, 1);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SyncCheckpoint _latest = SyncCheckpoint.Empty;
    private Task? _loading;
    private string _userId = string.Empty;
    private long _accountDataVersion;
    private long _deviceListPosition;
    private int _waiters;

    public SyncGrain(
        [PersistentState("head")] IPersistentState<SyncHeadState> head,
        IGrainStorage storage,
        IEventStore events,
        TimeProvider time,
        ILogger<SyncGrain> logger)
    {
        _head = head;
        _checkpoints = new SyncCheckpointStore(storage);
        _events = events;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = GetPrimaryKeyString();
        var head = _head.State ?? new SyncHeadState();
        if (head.CheckpointId > 0)
        {
            _latest = new SyncCheckpoint(head.CheckpointId, head.Rooms);
        }

        return Task.CompletedTask;
    }

    public async Task<string> SyncAsync(SyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EnsureLoadedAsync();
        ResolvedSince? since = null;
        SyncToken? token = null;
        if (request.Since is not null)
        {
            if (!SyncToken.TryParse(request.Since, out token))
            {
                // DIGEST §6: an unparseable token is an error, not a silent initial sync.
                throw MatrixException.InvalidParam("'since' is not a valid sync token.");
            }

            since = await ResolveAsync(token);
            if (since is null)
            {
                Log.ExpiredToken(_logger, _userId, token.CheckpointId);
            }
        }

        if (since is not null && !request.FullState && request.TimeoutMs > 0)
        {
            await EnsureToDeviceKnownAsync(request.DeviceId);
            await WaitForChangesAsync(since, request.DeviceId, TimeSpan.FromMilliseconds(request.TimeoutMs), cancellationToken);
        }

        return await BuildResponseAsync(request, since, token);
    }

    public Task OnRoomAdvancedAsync(RoomAdvance advance)
    {
        ArgumentNullException.ThrowIfNull(advance);
        if (!_rooms.TryGetValue(advance.RoomId, out var cursor))
        {
            if (advance.Membership is null)
            {
                // Not (yet) known as one of the user's rooms: the load reads the store head anyway.
                return Task.CompletedTask;
            }

            cursor = NewCursor(advance.RoomId);
        }

        cursor.Merge(advance.Membership, advance.MembershipPosition, advance.Position);
        Touch(advance.RoomId, cursor);
        return Task.CompletedTask;
    }

    public Task OnEphemeralAsync(string roomId, long version)
    {
        if (!_rooms.TryGetValue(roomId, out var cursor))
        {
            if (IsLoaded)
            {
                return Task.CompletedTask;
            }

            cursor = NewCursor(roomId);
        }

        if (version > cursor.Ephemeral)
        {
            cursor.Ephemeral = version;
            Touch(roomId, cursor);
        }

        return Task.CompletedTask;
    }

    public Task OnAccountDataAsync(long version)
    {
        if (version > _accountDataVersion)
        {
            _accountDataVersion = version;
            Signal();
        }

        return Task.CompletedTask;
    }

    private bool IsLoaded => _loading is { IsCompletedSuccessfully: true };

    private RoomCursor NewCursor(string roomId)
    {
        var cursor = new RoomCursor { Ephemeral = _latest.Get(roomId)?.Ephemeral ?? 0 };
        _rooms[roomId] = cursor;
        return cursor;
    }

    /// <summary>Records that a room's cursor may have moved and wakes waiting requests.</summary>
    private void Touch(string roomId, RoomCursor cursor)
    {
        MarkIfDirty(roomId, cursor);
        Signal();
    }

    private void MarkIfDirty(string roomId, RoomCursor cursor)
    {
        if (cursor.MovedPast(_latest.Get(roomId)))
        {
            _dirty.Add(roomId);
        }
    }

    private void RecomputeDirty()
    {
        _dirty.Clear();
        foreach (var (roomId, cursor) in _rooms)
        {
            MarkIfDirty(roomId, cursor);
        }
    }

    private void Signal()
    {
        if (_waiters > 0)
        {
            var signal = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.TrySetResult();
        }
    }

    /// <summary>Waits until something moved past <paramref name="since"/>, the timeout passes or the request is cancelled.</summary>
    private async Task WaitForChangesAsync(ResolvedSince since, string deviceId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (!HasChanges(since, deviceId))
        {
            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            _waiters++;
            try
            {
                await _signal.Task.WaitAsync(remaining, _time, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                return;
            }
            finally
            {
                _waiters--;
            }
        }
    }

    private bool HasChanges(ResolvedSince since, string deviceId)
    {
        if (_accountDataVersion > since.AccountData || _deviceListPosition > since.DeviceLists
            || (_toDevice.TryGetValue(deviceId, out var toDevice) && toDevice > since.ToDevice))
        {
            return true;
        }

        foreach (var roomId in Candidates(since))
        {
            if (_rooms.TryGetValue(roomId, out var cursor) && cursor.Membership is not null && cursor.MovedPast(since.Mark(roomId)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rooms that may have moved past <paramref name="since"/>: for a token on the latest checkpoint,
    /// the dirty rooms and the token's own delta; otherwise every room.</summary>
    private IEnumerable<string> Candidates(ResolvedSince since) =>
        since.Checkpoint.Id == _latest.Id ? _dirty.Concat(since.Delta.Keys).Distinct(StringComparer.Ordinal) : _rooms.Keys;

    private static partial class Log
    {
        [LoggerMessage(3300, LogLevel.Debug, "Sync stream of {UserId} loaded {Rooms} rooms")]
        public static partial void Loaded(ILogger logger, string userId, int rooms);

        [LoggerMessage(3301, LogLevel.Information, "Sync token of {UserId} names checkpoint {CheckpointId}, which is gone; answering as an initial sync")]
        public static partial void ExpiredToken(ILogger logger, string userId, long checkpointId);

        [LoggerMessage(3302, LogLevel.Warning, "Sync of {UserId}: reading room {RoomId} failed; it is left for the next sync")]
        public static partial void RoomReadFailed(ILogger logger, string userId, string roomId, Exception exception);

        [LoggerMessage(3303, LogLevel.Warning, "Sync of {UserId}: unread counts unavailable")]
        public static partial void UnreadCountsFailed(ILogger logger, string userId, Exception exception);

        [LoggerMessage(3304, LogLevel.Warning, "Sync of {UserId}: deleting old checkpoint {CheckpointId} failed")]
        public static partial void CheckpointCleanupFailed(ILogger logger, string userId, long checkpointId, Exception exception);

        [LoggerMessage(3305, LogLevel.Debug, "Sync stream of {UserId} wrote checkpoint {CheckpointId} ({Rooms} rooms)")]
        public static partial void CheckpointWritten(ILogger logger, string userId, long checkpointId, int rooms);

        [LoggerMessage(3306, LogLevel.Warning, "Sync of {UserId}: presence of {Count} users unavailable")]
        public static partial void PresenceFailed(ILogger logger, string userId, int count, Exception exception);

        [LoggerMessage(3307, LogLevel.Warning, "Sync of {UserId}: to-device inbox of device {DeviceId} unavailable")]
        public static partial void ToDeviceFailed(ILogger logger, string userId, string deviceId, Exception exception);

        [LoggerMessage(3308, LogLevel.Warning, "Sync of {UserId}: device-list log unavailable")]
        public static partial void DeviceListsFailed(ILogger logger, string userId, Exception exception);

        [LoggerMessage(3309, LogLevel.Warning, "Sync of {UserId}: one-time key counts unavailable")]
        public static partial void KeyCountsFailed(ILogger logger, string userId, Exception exception);
    }
}
