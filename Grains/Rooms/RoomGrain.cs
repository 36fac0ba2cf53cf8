using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using ClawChat.Storage.Events;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// A room: current state, auth, membership and the timeline (DESIGN §3).
/// <para>
/// Storage: every event is appended to the event store (stream = room ID) at the next dense sequence, which is
/// the room's stream position; the store's compare-and-swap on the last sequence makes this activation the
/// only writer. The persisted <see cref="RoomHeadState"/> is a checkpoint (state map as event IDs + positions,
/// forward extremity, depth, membership/visibility changes, recent transactions) written every
/// <see cref="CheckpointInterval"/> events, after room creation and on deactivation; activation loads it, reads the
/// current state events by ID and replays only the events after the checkpoint, never the whole history.
/// Nothing already stored is ever rewritten: redactions are recorded in <see cref="RoomRedactionsState"/> and
/// applied when events are served. Relations (DIGEST §3.6) are indexed in <see cref="RoomRelationsState"/>, written
/// with the checkpoint and rebuilt for the tail by the same replay.
/// </para>
/// <para>
/// Turns: writes build one PDU (hashing is over that one small event), check it against the in-memory state and
/// do one store append; reads are <c>[ReadOnly]</c> and interleave with each other. The newest events are kept
/// in <see cref="RecentTimeline"/>.
/// </para>
/// </summary>
[GrainType("room")]
public sealed partial class RoomGrain : Grain, IRoomGrain
{
    /// <summary>Events between checkpoints: bounds the replay on activation (a 64-event read) while keeping
    /// the head write (O(state size)) off the path of almost every message.</summary>
    internal const int CheckpointInterval = 64;

    /// <summary>Recent events kept in memory (between this and twice this many).</summary>
    internal const int RecentWindow = 200;

    /// <summary>Transactions remembered for idempotent retries (DIGEST §3.5).</summary>
    internal const int MaxTransactions = 1024;

    private readonly IPersistentState<RoomHeadState> _head;
    private readonly IPersistentState<RoomRedactionsState> _redactionsState;
    private readonly IPersistentState<RoomRelationsState> _relationsState;
    private readonly IEventStore _events;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomGrain> _logger;

    private readonly RoomCurrentState _state = new();
    private readonly RecentTimeline _recent = new(RecentWindow);
    private readonly Dictionary<(string User, string Device, string Txn), RecentTransaction> _transactions = [];
    private readonly Queue<RecentTransaction> _transactionOrder = new();
    private Dictionary<string, string> _redactions = new(StringComparer.Ordinal);
    private RoomHistory _history = new();
    private RoomRelations _relations = new();
    private string _roomId = string.Empty;
    private RoomVersion? _version;
    private long _position;
    private string? _lastEventId;
    private long _depth;
    private bool _redactionsDirty;

    public RoomGrain(
        [PersistentState("head")] IPersistentState<RoomHeadState> head,
        [PersistentState("redactions")] IPersistentState<RoomRedactionsState> redactions,
        [PersistentState("relations")] IPersistentState<RoomRelationsState> relations,
        IEventStore events,
        TimeProvider time,
        ILogger<RoomGrain> logger,
        IServiceProvider services)
    {
        _bots = Bots.BotDirectory.Resolve(services); // optional: hosts without bots register nothing (RoomGrain.Bots.cs)
        _head = head;
        _redactionsState = redactions;
        _relationsState = relations;
        _events = events;
        _time = time;
        _logger = logger;
    }

    private bool Exists => _version is not null && _position > 0;

    private RoomVersion Version => _version ?? throw MatrixException.NotFound("Unknown room.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roomId = GetPrimaryKeyString();
        var head = _head.State ?? new RoomHeadState();
        _redactions = new Dictionary<string, string>(_redactionsState.State?.Redactions ?? [], StringComparer.Ordinal);
        if (head.RoomVersion is not null)
        {
            _version = RoomVersion.TryGet(head.RoomVersion, out var version)
                ? version
                : throw new InvalidOperationException($"Room {_roomId} has unsupported version {head.RoomVersion}.");
        }

        _position = head.Position;
        _lastEventId = head.LastEventId;
        _depth = head.Depth;
        _history = new RoomHistory(head.Memberships, head.Visibility);
        _relations = new RoomRelations(_relationsState.State?.Relations);
        foreach (var txn in head.Transactions)
        {
            RememberTransaction(txn);
        }

        if (head.State.Count > 0)
        {
            var version = Version;
            var loads = head.State.Select(s => _events.GetByIdAsync(s.EventId, cancellationToken)).ToArray();
            foreach (var stored in await Task.WhenAll(loads))
            {
                if (stored is null)
                {
                    throw new InvalidOperationException($"Room {_roomId}: a current state event is missing from the event store.");
                }

                var entry = StoredEventCodec.Decode(stored, version);
                _state.Set(_redactions.ContainsKey(entry.EventId) ? entry.WithPdu(entry.Pdu.Redact(version)) : entry);
            }
        }

        var replayed = await ReplayTailAsync(cancellationToken);
        if (Exists)
        {
            var recent = await _events.ReadBackwardAsync(_roomId, long.MaxValue, RecentWindow, cancellationToken);
            _recent.Reset(recent.Reverse().Select(e => StoredEventCodec.Decode(e, Version)));
            Log.Activated(_logger, _roomId, _position, replayed.Count);
        }

        // Membership changes after the checkpoint may not have reached the user index before the previous
        // activation ended; re-sending is idempotent. Not awaited: a user grain may be the caller activating us.
        if (replayed.Count > 0)
        {
            _ = NotifyMembershipChangesAsync(replayed);
            PublishToSync(replayed, live: false); // sync hook: RoomGrain.Sync.cs
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Exists && _position > _head.State.Position)
        {
            await CheckpointAsync();
        }
    }

    public Task<long> GetStreamPositionAsync() => Task.FromResult(_position);

    /// <summary>Applies events appended after the checkpoint; returns them.</summary>
    private async Task<List<TimelineEntry>> ReplayTailAsync(CancellationToken cancellationToken)
    {
        var replayed = new List<TimelineEntry>();
        while (true)
        {
            var batch = await _events.ReadForwardAsync(_roomId, _position, 256, cancellationToken);
            if (batch.Count == 0)
            {
                return replayed;
            }

            foreach (var stored in batch)
            {
                if (_version is null)
                {
                    // Only possible before the first checkpoint: the first event is the create event.
                    var create = StoredEventCodec.Decode(stored, RoomVersion.Default);
                    _version = RoomVersion.TryGet(create.Pdu.GetContentString("room_version") ?? "1", out var version)
                        ? version
                        : throw new InvalidOperationException($"Room {_roomId} has an unsupported room version.");
                }

                var entry = StoredEventCodec.Decode(stored, _version);
                Apply(entry, live: false);
                replayed.Add(entry);
            }
        }
    }

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw MatrixException.NotFound("Unknown room.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Debug, "Room {RoomId} activated at position {Position} ({Replayed} events replayed)")]
        public static partial void Activated(ILogger logger, string roomId, long position, int replayed);

        [LoggerMessage(3001, LogLevel.Information, "Room {RoomId} created (version {Version}) by {Creator}")]
        public static partial void Created(ILogger logger, string roomId, string version, string creator);

        [LoggerMessage(3002, LogLevel.Debug, "Room {RoomId} rejected {EventType} from {Sender}: {Reason}")]
        public static partial void Rejected(ILogger logger, string roomId, string eventType, string sender, string reason);

        [LoggerMessage(3003, LogLevel.Warning, "Room {RoomId} lost the write race on the event store; deactivating")]
        public static partial void WriteConflict(ILogger logger, string roomId, Exception exception);

        [LoggerMessage(3004, LogLevel.Warning, "Room {RoomId} could not update the membership index of {UserId}")]
        public static partial void MembershipIndexFailed(ILogger logger, string roomId, string userId, Exception exception);
    }
}
