using System.Buffers;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Sync;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// The sync side of the room (owned by the sync engineer; kept in its own file so the room's other parts stay
/// untouched): the <see cref="IRoomSyncReader"/> reads, and the hook that tells members' sync streams and
/// notification grains about appended events.
/// </summary>
public sealed partial class RoomGrain : IRoomSyncReader
{
    /// <summary>Stripped state sent with invites and knocks (DIGEST §6: create is required since v1.16).</summary>
    private static readonly string[] StrippedStateTypes =
    [
        EventTypes.Create, EventTypes.JoinRules, EventTypes.Name, EventTypes.Avatar, EventTypes.Topic,
        EventTypes.CanonicalAlias, EventTypes.Encryption,
    ];

    public async Task<RoomSyncSlice> GetSyncSliceAsync(RoomSyncQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var upto = Math.Min(query.Upto, _position);
        var since = Math.Min(query.Since ?? 0, upto);
        var ranges = _history.VisibleRanges(query.UserId, upto);

        // Timeline (DIGEST §6): the latest N visible events after `since`, oldest first; limited when more exist.
        List<TimelineEntry> timeline;
        bool limited;
        if (query.TimelineLimit <= 0)
        {
            timeline = [];
            limited = HighestVisibleAtOrBelow(ranges, upto, since + 1) is not null;
        }
        else
        {
            var page = await PaginateAsync(ranges, backward: true, upto, since, Math.Min(query.TimelineLimit, MaxPageLimit), query.TimelineFilter);
            timeline = page.Events;
            timeline.Reverse();
            limited = !page.Exhausted;
        }

        // State is the state at the start of the timeline, never the end (DIGEST §6).
        var stateAt = (timeline.Count > 0 ? timeline[0].Position : upto + 1) - 1;
        var full = query.FullState || query.Since is null;
        var state = full
            ? await StateAtAsync(stateAt, static (_, _) => true)
            : await StateChangedAsync(since, stateAt);

        // DIGEST §6: the summary goes with initial syncs and whenever membership changed (it costs O(members)).
        RoomSummary? summary = query.IncludeSummary && (full || timeline.Concat(state).Any(e => e.Pdu.Type == EventTypes.Member))
            ? Summary(query.UserId)
            : null;
        if (query.LazyLoadMembers)
        {
            state = await LazyMembersAsync(state, timeline, query.UserId, full, summary, stateAt);
        }

        // Someone who never joined (an invite rejected or withdrawn) sees no state, as with GET /state (DIGEST §9).
        var everJoined = _history.LastChangeTo(query.UserId, Membership.Join) is not null
            || HistoryVisibility.Normalize(_state.GetStateEvent(EventTypes.HistoryVisibility, string.Empty)?.GetContentString("history_visibility")) == HistoryVisibility.WorldReadable;
        state = everJoined ? [.. state.Where(e => RoomEventFilterMatcher.Matches(query.StateFilter, ServedPdu(e)))] : [];
        var prevBatch = RoomStreamToken.Format(timeline.Count > 0 ? timeline[0].Position - 1 : upto);
        return new RoomSyncSlice(
            await FormatAsync(timeline, query.UserId, query.DeviceId),
            limited,
            prevBatch,
            await FormatAsync(state, query.UserId, null),
            summary);
    }

    public async Task<IReadOnlyList<JsonElement>> GetStrippedStateAsync(string userId)
    {
        EnsureExists();
        var result = new List<JsonElement>(StrippedStateTypes.Length + 1);
        foreach (var type in StrippedStateTypes)
        {
            if (_state.Get(type, string.Empty) is { } entry)
            {
                result.Add(Stripped(ServedPdu(entry)));
            }
        }

        if (_state.Get(EventTypes.Member, userId) is { } member)
        {
            result.AddRange(await FormatAsync([member], userId, null));
        }

        return result;
    }

    public async Task<long?> GetEventPositionAsync(string userId, string eventId)
    {
        EnsureExists();
        var entry = await LoadEntryAsync(eventId);
        return entry is not null && _history.IsVisible(userId, entry.Position, _position) ? entry.Position : null;
    }

    public Task<IReadOnlyList<string>> GetJoinedMemberIdsAsync()
    {
        IReadOnlyList<string> joined = Exists ? JoinedMemberIds() : [];
        return Task.FromResult(joined);
    }

    /// <summary>
    /// Sync hook, called after events are appended and applied: each joined member's sync stream — and the
    /// stream of anyone whose membership the events changed — learns the new position (one-way; a sync stream
    /// that is not running only records the number). Live events also go to the members' notification grains
    /// (the push contract, DIGEST §15: every event a member may see, except their own). Replayed events after a
    /// restart are announced again (idempotent for sync streams) but never counted twice for push.
    /// </summary>
    private void PublishToSync(IReadOnlyList<TimelineEntry> entries, bool live)
    {
        if (entries.Count == 0 || !Exists)
        {
            return;
        }

        var position = entries[^1].Position;
        // Only real membership changes count (a join → join profile update is just another event), matching the
        // membership index, which records changes only.
        var changes = new Dictionary<string, TimelineEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Pdu.Type == EventTypes.Member && entry.Pdu.StateKey is { } target
                && PreviousMembership(entry) != entry.Pdu.GetContentString("membership"))
            {
                changes[target] = entry;
            }
        }

        // Push first: a notification grain then counts the event before the woken sync stream asks for the counts
        // (DIGEST §6: the count update appears in the same response as the event; in-process calls keep this order).
        var joined = JoinedMemberIds();
        if (live)
        {
            NotifyPush(entries, joined);
        }

        foreach (var userId in joined)
        {
            if (!changes.ContainsKey(userId))
            {
                _ = GrainFactory.GetGrain<ISyncGrain>(userId).OnRoomAdvancedAsync(new RoomAdvance(_roomId, position));
            }
        }

        foreach (var (userId, entry) in changes)
        {
            var membership = entry.Pdu.GetContentString("membership") ?? Membership.Leave;
            _ = GrainFactory.GetGrain<ISyncGrain>(userId).OnRoomAdvancedAsync(new RoomAdvance(_roomId, position, membership, entry.Position));
        }

        // Encryption (device lists follow who shares a room) and bots (they read the room's new events).
        PublishToDeviceLists(changes, joined);
        PublishToBots(entries, changes, joined, live);
    }

    /// <summary>Each event to the notification grain of every joined member but the sender and the bots, and an
    /// invite to its target (for <c>.m.rule.invite_for_me</c>, DIGEST §15).</summary>
    private void NotifyPush(IReadOnlyList<TimelineEntry> entries, List<string> joined)
    {
        if (!NotificationsAccess.IsAvailable(GrainFactory))
        {
            return;
        }

        var version = Version;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var entry in entries)
        {
            var json = ClientEventWriter.Write(entry, version, redacted: false, redaction: null, null, null, null, now);
            var sender = entry.Pdu.Sender;
            foreach (var userId in joined)
            {
                // Bots have no pushers and no unread badges to keep: counting every event of every room a bot is in
                // would make its notification grain the busiest grain of the silo.
                if (!string.Equals(userId, sender, StringComparison.Ordinal) && _bots?.IsBot(userId) != true)
                {
                    var displayName = _state.Get(EventTypes.Member, userId)?.Pdu.GetContentString("displayname");
                    NotificationsAccess.Get(GrainFactory, userId)?.OnRoomEventAsync(_roomId, entry.Position, json, joined.Count, displayName);
                }
            }

            if (entry.Pdu.Type == EventTypes.Member && entry.Pdu.StateKey is { } target
                && entry.Pdu.GetContentString("membership") == Membership.Invite && !joined.Contains(target, StringComparer.Ordinal))
            {
                NotificationsAccess.Get(GrainFactory, target)?.OnRoomEventAsync(_roomId, entry.Position, json, joined.Count, null);
            }
        }
    }

    private static string? PreviousMembership(TimelineEntry entry) =>
        entry.PrevContent is { ValueKind: JsonValueKind.Object } previous
        && previous.TryGetProperty("membership", out var membership) && membership.ValueKind == JsonValueKind.String
            ? membership.GetString()
            : null;

    private List<string> JoinedMemberIds() =>
        [.. _state.Members().Where(m => m.Pdu.GetContentString("membership") == Membership.Join).Select(m => m.Pdu.StateKey!)];

    /// <summary>State events whose value at <paramref name="at"/> was set after <paramref name="since"/>: the delta a
    /// client that was in sync at <paramref name="since"/> needs before the timeline. Nothing to do when the timeline
    /// starts right after <paramref name="since"/>; a gap shorter than the state map is read (mostly from the recent
    /// window); otherwise one walk back per state key changed after <paramref name="since"/>.</summary>
    private async Task<List<TimelineEntry>> StateChangedAsync(long since, long at)
    {
        var result = new List<TimelineEntry>();
        if (at <= since)
        {
            // The timeline starts right after `since`: no gap, nothing to add (the common incremental sync).
            return result;
        }

        if (at - since < _state.Count)
        {
            // A gap shorter than the state map: the latest state event per key among the gap's events.
            var latest = new Dictionary<(string, string), TimelineEntry>();
            foreach (var entry in await ReadRangeAsync(since + 1, at, backward: false, (int)(at - since)))
            {
                if (entry.Pdu.StateKey is { } key)
                {
                    latest[(entry.Pdu.Type, key)] = entry;
                }
            }

            result.AddRange(latest.Values);
            result.Sort((a, b) => a.Position.CompareTo(b.Position));
            return result;
        }

        foreach (var current in _state.Entries.ToList())
        {
            if (current.Position <= since)
            {
                continue;
            }

            var entry = current.Position <= at ? current : await StateEntryAtAsync(current.Pdu.Type, current.Pdu.StateKey!, at);
            if (entry is not null && entry.Position > since)
            {
                result.Add(entry);
            }
        }

        result.Sort((a, b) => a.Position.CompareTo(b.Position));
        return result;
    }

    /// <summary>
    /// Lazy-loading members (DIGEST §7): keeps the non-member state, the member events that changed in the gap
    /// (incremental), and adds the member events of the timeline's senders, plus — on full state — the user's own
    /// and the heroes'. Redundant members are not tracked per device, so senders' members are always sent (sending
    /// extra is allowed; omitting needed ones is not).
    /// </summary>
    private async Task<List<TimelineEntry>> LazyMembersAsync(List<TimelineEntry> state, List<TimelineEntry> timeline, string userId, bool full, RoomSummary? summary, long at)
    {
        var result = full ? state.Where(e => e.Pdu.Type != EventTypes.Member).ToList() : [.. state];
        var wanted = new HashSet<string>(timeline.Select(e => e.Pdu.Sender), StringComparer.Ordinal);
        if (full)
        {
            wanted.Add(userId);
            foreach (var hero in summary?.Heroes ?? Summary(userId).Heroes)
            {
                wanted.Add(hero);
            }
        }

        var present = new HashSet<string>(result.Where(e => e.Pdu.Type == EventTypes.Member).Select(e => e.Pdu.StateKey!), StringComparer.Ordinal);
        wanted.ExceptWith(present);
        result.AddRange(await MembersOfAsync(wanted, at));
        result.Sort((a, b) => a.Position.CompareTo(b.Position));
        return result;
    }

    /// <summary><c>summary</c> (DIGEST §6): up to 5 joined or invited members other than the user in stream order,
    /// falling back to members who left or were banned.</summary>
    private RoomSummary Summary(string userId)
    {
        var members = _state.Members().OrderBy(m => m.Position).ToList();
        var joined = 0;
        var invited = 0;
        foreach (var member in members)
        {
            switch (member.Pdu.GetContentString("membership"))
            {
                case Membership.Join:
                    joined++;
                    break;
                case Membership.Invite:
                    invited++;
                    break;
            }
        }

        var others = members.Where(m => !string.Equals(m.Pdu.StateKey, userId, StringComparison.Ordinal)).ToList();
        var heroes = others.Where(m => m.Pdu.GetContentString("membership") is Membership.Join or Membership.Invite).Select(m => m.Pdu.StateKey!).Take(5).ToList();
        if (heroes.Count == 0)
        {
            heroes = [.. others.Select(m => m.Pdu.StateKey!).Take(5)];
        }

        return new RoomSummary(heroes, joined, invited);
    }

    private static JsonElement Stripped(Pdu pdu)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", pdu.Type);
            writer.WriteString("state_key", pdu.StateKey);
            writer.WriteString("sender", pdu.Sender);
            writer.WritePropertyName("content");
            pdu.Content.WriteTo(writer);
            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
