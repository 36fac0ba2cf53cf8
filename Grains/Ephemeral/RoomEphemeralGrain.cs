using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Sync;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Ephemeral;

/// <summary>
/// A room's typing, receipts and member-presence changes (see <see cref="IRoomEphemeralGrain"/>).
/// <para>
/// Versions: every change takes <c>max(previous + 1, now in ms)</c>. Receipts persist the version with them;
/// typing does not persist at all, and the clock keeps versions handed out before a restart below those handed
/// out after it — so a sync token never claims a version the grain will reuse.
/// </para>
/// <para>
/// Typing expiry runs on one grain timer set to the earliest expiry (it keeps the activation alive while someone
/// is typing, so the "stopped" update is never lost to idle collection).
/// </para>
/// </summary>
[GrainType("room-ephemeral")]
public sealed partial class RoomEphemeralGrain : Grain, IRoomEphemeralGrain
{
    /// <summary>Typing timeout when the client gives none, and the longest honoured (DIGEST §16: about 30 s by default).</summary>
    internal static readonly TimeSpan DefaultTypingTimeout = TimeSpan.FromSeconds(30);

    internal static readonly TimeSpan MaxTypingTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Presence changes remembered (each member's latest only).</summary>
    private const int MaxPresenceChanges = 1024;

    private readonly IPersistentState<RoomEphemeralState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomEphemeralGrain> _logger;
    private readonly Dictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _presenceChanges = new(StringComparer.Ordinal);
    private IGrainTimer? _typingTimer;
    private long _typingVersion;
    private long _version;
    private string _roomId = string.Empty;

    public RoomEphemeralGrain(
        [PersistentState("ephemeral")] IPersistentState<RoomEphemeralState> state,
        TimeProvider time,
        ILogger<RoomEphemeralGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roomId = GetPrimaryKeyString();
        _version = _state.State.Version;
        return Task.CompletedTask;
    }

    public async Task SetTypingAsync(string userId, bool typing, int timeoutMs)
    {
        var now = _time.GetUtcNow();
        bool changed;
        if (typing)
        {
            var timeout = timeoutMs > 0 ? TimeSpan.FromMilliseconds(Math.Min(timeoutMs, MaxTypingTimeout.TotalMilliseconds)) : DefaultTypingTimeout;
            changed = !_typing.ContainsKey(userId);
            _typing[userId] = now + timeout;
        }
        else
        {
            changed = _typing.Remove(userId);
        }

        ScheduleTypingExpiry(now);
        if (changed)
        {
            _typingVersion = NextVersion();
            await AnnounceAsync(_typingVersion, onlyTo: null);
        }
    }

    public async Task<bool> SetReceiptAsync(ReceiptUpdate receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var receipts = _state.State.Receipts;
        var index = receipts.FindIndex(r => r.UserId == receipt.UserId && r.ReceiptType == receipt.ReceiptType && r.ThreadId == receipt.ThreadId);
        if (index >= 0 && receipts[index].Position >= receipt.Position)
        {
            return false;
        }

        var version = NextVersion();
        var record = new ReceiptRecord(receipt.UserId, receipt.ReceiptType, receipt.ThreadId, receipt.EventId, receipt.Position, receipt.Timestamp, version);
        if (index >= 0)
        {
            receipts[index] = record;
        }
        else
        {
            receipts.Add(record);
        }

        _state.State.Version = version;
        await _state.WriteStateAsync();

        // DIGEST §16: private receipts only ever reach their owner.
        await AnnounceAsync(version, receipt.ReceiptType == ReceiptTypes.ReadPrivate ? receipt.UserId : null);

        // DIGEST §15: a read receipt resets the user's notification counts (per thread when threaded).
        if (NotificationsAccess.Get(GrainFactory, receipt.UserId) is { } notifications)
        {
            try
            {
                await notifications.OnReadAsync(_roomId, receipt.Position, receipt.ThreadId);
            }
            catch (Exception ex)
            {
                Log.ReadNotificationFailed(_logger, _roomId, ex);
            }
        }

        return true;
    }

    public async Task OnPresenceChangedAsync(string userId)
    {
        var version = NextVersion();
        _presenceChanges[userId] = version;
        if (_presenceChanges.Count > MaxPresenceChanges)
        {
            _presenceChanges.Remove(_presenceChanges.MinBy(p => p.Value).Key);
        }

        await AnnounceAsync(version, onlyTo: null);
    }

    public Task<EphemeralSlice> GetAsync(string userId, long? sinceVersion)
    {
        JsonElement? typing = null;
        if (sinceVersion is null ? _typing.Count > 0 : _typingVersion > sinceVersion)
        {
            var ids = new JsonArray();
            foreach (var id in _typing.Keys)
            {
                ids.Add(id);
            }

            typing = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["type"] = "m.typing",
                ["content"] = new JsonObject { ["user_ids"] = ids },
            });
        }

        var receipts = ReceiptsContent(userId, sinceVersion);
        IReadOnlyList<string> presence = sinceVersion is null
            ? []
            : [.. _presenceChanges.Where(p => p.Value > sinceVersion).Select(p => p.Key)];
        return Task.FromResult(new EphemeralSlice(_version, typing, receipts, presence));
    }

    /// <summary><c>m.receipt</c> content <c>{event_id: {receipt_type: {user_id: {ts, thread_id?}}}}</c> of the receipts
    /// set after <paramref name="sinceVersion"/> (all latest ones when null), private ones only for their owner.</summary>
    private JsonElement? ReceiptsContent(string userId, long? sinceVersion)
    {
        var content = new JsonObject();
        foreach (var receipt in _state.State.Receipts)
        {
            if ((sinceVersion is { } since && receipt.Version <= since)
                || (receipt.ReceiptType == ReceiptTypes.ReadPrivate && receipt.UserId != userId))
            {
                continue;
            }

            if (content[receipt.EventId] is not JsonObject byType)
            {
                byType = new JsonObject();
                content[receipt.EventId] = byType;
            }

            if (byType[receipt.ReceiptType] is not JsonObject byUser)
            {
                byUser = new JsonObject();
                byType[receipt.ReceiptType] = byUser;
            }

            var data = new JsonObject { ["ts"] = receipt.Timestamp };
            if (receipt.ThreadId is not null)
            {
                data["thread_id"] = receipt.ThreadId;
            }

            byUser[receipt.UserId] = data;
        }

        return content.Count == 0
            ? null
            : JsonSerializer.SerializeToElement(new JsonObject { ["type"] = "m.receipt", ["content"] = content });
    }

    private long NextVersion()
    {
        _version = Math.Max(_version + 1, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return _version;
    }

    /// <summary>Wakes the sync streams that can see the change: the joined members, or only <paramref name="onlyTo"/>.</summary>
    private async Task AnnounceAsync(long version, string? onlyTo)
    {
        if (onlyTo is not null)
        {
            _ = GrainFactory.GetGrain<ISyncGrain>(onlyTo).OnEphemeralAsync(_roomId, version);
            return;
        }

        IReadOnlyList<string> members;
        try
        {
            members = await GrainFactory.GetGrain<IRoomSyncReader>(_roomId).GetJoinedMemberIdsAsync();
        }
        catch (Exception ex)
        {
            Log.MembersUnavailable(_logger, _roomId, ex);
            return;
        }

        foreach (var member in members)
        {
            _ = GrainFactory.GetGrain<ISyncGrain>(member).OnEphemeralAsync(_roomId, version);
        }
    }

    private void ScheduleTypingExpiry(DateTimeOffset now)
    {
        if (_typing.Count == 0)
        {
            _typingTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = _typing.Values.Min() - now;
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_typingTimer is null)
        {
            _typingTimer = RegisterGrainTimer(ExpireTypingAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan, KeepAlive: true));
        }
        else
        {
            _typingTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task ExpireTypingAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var expired = _typing.Where(t => t.Value <= now).Select(t => t.Key).ToList();
        foreach (var userId in expired)
        {
            _typing.Remove(userId);
        }

        ScheduleTypingExpiry(now);
        if (expired.Count > 0)
        {
            _typingVersion = NextVersion();
            await AnnounceAsync(_typingVersion, onlyTo: null);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3350, LogLevel.Warning, "Ephemeral data of {RoomId}: the member list is unavailable; this change wakes no sync")]
        public static partial void MembersUnavailable(ILogger logger, string roomId, Exception exception);

        [LoggerMessage(3351, LogLevel.Warning, "Receipt in {RoomId}: the notification counts could not be reset")]
        public static partial void ReadNotificationFailed(ILogger logger, string roomId, Exception exception);
    }
}
