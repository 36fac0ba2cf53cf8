using System.Text.Json;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Push.Evaluation;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Push;

/// <summary>
/// A user's notifications (see <see cref="INotificationsGrain"/>; DIGEST §15). This file: evaluating the push
/// rules for each new room event; counts and receipts live in <c>NotificationsGrain.Counts.cs</c>, the
/// /notifications list in <c>NotificationsGrain.List.cs</c>.
/// <para>Invariants: events of a room arrive in position order and each is handled once (a position at or below
/// the room's last one is a replay); an event that notifies is written (counts and list) before it is handed to
/// the pushers, so a crash loses at most a push, never a count. The rules come from <see cref="IPushRulesGrain"/>
/// and are recompiled only when their version changes; power levels (for <c>@room</c>) are fetched from the room
/// only when an event reaches a <c>sender_notification_permission</c> condition, then cached and kept current
/// from the power-level events that pass through here.</para>
/// </summary>
[GrainType("notifications")]
public sealed partial class NotificationsGrain : Grain, INotificationsGrain
{
    /// <summary>Rooms whose power levels are cached; past it the cache starts over (it only saves room calls).</summary>
    private const int MaxCachedPowerLevels = 256;

    /// <summary>Thread receipts remembered per room (see <see cref="RoomNotificationState.MarkRead"/>).</summary>
    private const int MaxTrackedThreadsPerRoom = 256;

    private const string EncryptedEventType = "m.room.encrypted";

    private readonly IPersistentState<NotificationCountsState> _counts;
    private readonly IPersistentState<NotificationListState> _list;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationsGrain> _logger;
    private readonly Dictionary<string, PowerLevels?> _powerLevels = new(StringComparer.Ordinal);
    private CompiledPushRules? _rules;

    public NotificationsGrain(
        [PersistentState("counts")] IPersistentState<NotificationCountsState> counts,
        [PersistentState("list")] IPersistentState<NotificationListState> list,
        IOptions<PushOptions> options,
        TimeProvider time,
        ILogger<NotificationsGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _counts = counts;
        _list = list;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    private string UserId => GetPrimaryKeyString();

    private Dictionary<string, RoomNotificationState> Rooms => _counts.State.Rooms;

    public async Task OnRoomEventAsync(string roomId, long streamPosition, JsonElement roomEvent, int memberCount, string? userDisplayName)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        var room = Rooms.GetValueOrDefault(roomId);
        if (room is not null && streamPosition <= room.LastEventPosition)
        {
            return;
        }

        ObservePowerLevels(roomId, roomEvent);
        if (Str(roomEvent, "sender") == UserId)
        {
            // Never notify a user about their own events (DIGEST §15).
            return;
        }

        PushEventContext Context(bool levelsKnown, PowerLevels? levels) => new()
        {
            UserId = UserId,
            RoomId = roomId,
            Event = roomEvent,
            UserDisplayName = userDisplayName,
            MemberCount = memberCount,
            PowerLevelsKnown = levelsKnown,
            PowerLevels = levels,
        };

        var rules = await GetRulesAsync();
        var result = PushRuleEvaluator.Evaluate(rules, Context(_powerLevels.ContainsKey(roomId), _powerLevels.GetValueOrDefault(roomId)));
        if (result.NeedsPowerLevels)
        {
            result = PushRuleEvaluator.Evaluate(rules, Context(true, await LoadPowerLevelsAsync(roomId)));
        }

        room = Rooms.GetValueOrDefault(roomId);
        if (room is null)
        {
            room = new RoomNotificationState();
            Rooms[roomId] = room;
        }

        room.LastEventPosition = Math.Max(room.LastEventPosition, streamPosition);
        if (!result.Notify)
        {
            // Nothing to persist: replays of non-notifying events are harmless.
            return;
        }

        var threadId = EventThreads.ThreadOf(roomEvent);
        var unread = streamPosition > room.ReadPositionOf(threadId);
        if (unread)
        {
            room.AddUnread(threadId, new UnreadEntry(streamPosition, result.Highlight), _options.MaxUnreadPerThread);
        }

        Record(roomId, streamPosition, threadId, roomEvent, result);
        await _counts.WriteStateAsync();
        await _list.WriteStateAsync();
        Log.Notified(_logger, UserId, roomId, Str(roomEvent, "event_id"), result.RuleId, result.Highlight);
        if (unread)
        {
            await GrainFactory.GetGrain<IPushersGrain>(UserId).NotifyAsync(new PushNotice(
                roomId,
                Str(roomEvent, "event_id"),
                roomEvent,
                result.Tweaks,
                Priority(roomEvent, result),
                TotalUnread()));
        }
    }

    private async Task<CompiledPushRules> GetRulesAsync()
    {
        var changed = await GrainFactory.GetGrain<IPushRulesGrain>(UserId).GetRulesIfChangedAsync(_rules?.Version ?? -1);
        if (changed is not null)
        {
            _rules = CompiledPushRules.Compile(changed);
        }

        return _rules!;
    }

    /// <summary>Power-level events passing through keep the cache current without asking the room.</summary>
    private void ObservePowerLevels(string roomId, JsonElement roomEvent)
    {
        if (Str(roomEvent, "type") == EventTypes.PowerLevels && Str(roomEvent, "state_key") == string.Empty
            && roomEvent.TryGetProperty("content", out var content))
        {
            CachePowerLevels(roomId, PowerLevels.FromContent(content, RoomVersion.Default));
        }
    }

    private async Task<PowerLevels?> LoadPowerLevelsAsync(string roomId)
    {
        PowerLevels? levels;
        try
        {
            var room = GrainFactory.GetGrain<IRoomGrain>(roomId);
            if (await room.GetStateEventAsync(UserId, EventTypes.PowerLevels, string.Empty) is { } powerLevels
                && powerLevels.TryGetProperty("content", out var content))
            {
                levels = PowerLevels.FromContent(content, RoomVersion.Default);
            }
            else
            {
                // No power-level event: the creator has 100, everyone else 0 (DIGEST §4.1).
                var create = await room.GetStateEventAsync(UserId, EventTypes.Create, string.Empty);
                var creator = create is { } c && c.TryGetProperty("content", out var createContent) && Str(createContent, "creator") is { } v10Creator
                    ? v10Creator
                    : create is { } e ? Str(e, "sender") : null;
                levels = PowerLevels.WithoutEvent(creator);
            }
        }
        catch (MatrixException ex)
        {
            // The user can no longer read the room's state (left, or only invited): @room cannot be checked.
            Log.PowerLevelsUnavailable(_logger, UserId, roomId, ex.ErrCode);
            return null;
        }

        CachePowerLevels(roomId, levels);
        return levels;
    }

    private void CachePowerLevels(string roomId, PowerLevels levels)
    {
        if (_powerLevels.Count >= MaxCachedPowerLevels && !_powerLevels.ContainsKey(roomId))
        {
            _powerLevels.Clear();
        }

        _powerLevels[roomId] = levels;
    }

    /// <summary>Gateways may deliver "low" pushes lazily; highlights, sounds and encrypted events (which could be
    /// anything) go "high", as Synapse does.</summary>
    private static string Priority(JsonElement roomEvent, PushEvaluation result) =>
        result.Highlight || result.Tweaks.ContainsKey("sound") || Str(roomEvent, "type") == EncryptedEventType ? "high" : "low";

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static partial class Log
    {
        [LoggerMessage(7100, LogLevel.Debug, "Notification for {UserId} in {RoomId}: event {EventId}, rule {RuleId}, highlight {Highlight}")]
        public static partial void Notified(ILogger logger, string userId, string roomId, string? eventId, string? ruleId, bool highlight);

        [LoggerMessage(7101, LogLevel.Debug, "Power levels of {RoomId} unavailable to {UserId} ({ErrorCode}); @room permission checks fail")]
        public static partial void PowerLevelsUnavailable(ILogger logger, string userId, string roomId, string errorCode);
    }
}
