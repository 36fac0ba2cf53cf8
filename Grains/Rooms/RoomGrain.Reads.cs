using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Event by ID, state, members — with history visibility (DIGEST §9).</summary>
public sealed partial class RoomGrain
{
    public Task<string?> GetMembershipAsync(string userId)
    {
        EnsureExists();
        return Task.FromResult(_state.GetMembership(userId));
    }

    public async Task<JsonElement> GetEventAsync(string userId, string? deviceId, string eventId)
    {
        EnsureExists();
        var entry = await LoadEntryAsync(eventId);
        if (entry is null || !_history.IsVisible(userId, entry.Position, _position))
        {
            throw MatrixException.NotFound("Event not found.");
        }

        return (await FormatAsync([entry], userId, deviceId))[0];
    }

    public async Task<IReadOnlyList<JsonElement>> GetStateAsync(string userId)
    {
        EnsureExists();
        var at = StateViewPosition(userId);
        var entries = await StateAtAsync(at, static (_, _) => true);
        return await FormatAsync(entries, userId, null);
    }

    public async Task<JsonElement?> GetStateEventAsync(string userId, string eventType, string stateKey)
    {
        EnsureExists();
        var at = StateViewPosition(userId);
        var entry = await StateEntryAtAsync(eventType, stateKey, at);
        return entry is null ? null : (await FormatAsync([entry], userId, null))[0];
    }

    public async Task<IReadOnlyList<JsonElement>> GetMembersAsync(MembersQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var at = StateViewPosition(query.UserId);
        if (query.At is { } requested)
        {
            at = Math.Min(at, Math.Max(requested, 1));
        }

        var members = await StateAtAsync(at, static (type, _) => type == EventTypes.Member);
        var selected = members.Where(m =>
        {
            var membership = m.Pdu.GetContentString("membership");
            return (query.Membership is null || membership == query.Membership)
                && (query.NotMembership is null || membership != query.NotMembership);
        }).ToList();
        return await FormatAsync(selected, query.UserId, null);
    }

    public Task<IReadOnlyList<JoinedMember>> GetJoinedMembersAsync(string userId)
    {
        EnsureExists();
        if (_state.GetMembership(userId) != Membership.Join)
        {
            throw MatrixException.Forbidden("You are not joined to this room.");
        }

        IReadOnlyList<JoinedMember> joined = [.. _state.Members()
            .Where(m => m.Pdu.GetContentString("membership") == Membership.Join)
            .Select(m => new JoinedMember(m.Pdu.StateKey!, m.Pdu.GetContentString("displayname"), m.Pdu.GetContentString("avatar_url")))];
        return Task.FromResult(joined);
    }

    /// <summary>
    /// The position whose state the user may read: the current state for members and in world-readable rooms;
    /// for users who left or were banned after having joined, the state as it was when they left (spec
    /// <c>GET /state</c>); M_FORBIDDEN for everyone else.
    /// </summary>
    private long StateViewPosition(string userId)
    {
        var membership = _state.GetMembership(userId);
        if (membership == Membership.Join
            || HistoryVisibility.Normalize(_state.GetStateEvent(EventTypes.HistoryVisibility, string.Empty)?.GetContentString("history_visibility")) == HistoryVisibility.WorldReadable)
        {
            return _position;
        }

        if (membership is Membership.Leave or Membership.Ban
            && _history.LastChangeTo(userId, Membership.Join) is not null
            && _history.LastChangeTo(userId, Membership.Leave, Membership.Ban) is { } left)
        {
            return left;
        }

        throw MatrixException.Forbidden("You are not a member of this room.");
    }

    /// <summary>The state event (<paramref name="type"/>, <paramref name="stateKey"/>) as of position <paramref name="at"/>:
    /// walks back from the current one along <c>replaces_state</c>.</summary>
    private async Task<TimelineEntry?> StateEntryAtAsync(string type, string stateKey, long at)
    {
        var entry = _state.Get(type, stateKey);
        while (entry is not null && entry.Position > at)
        {
            entry = entry.ReplacesState is { } previous ? await LoadEntryAsync(previous) : null;
        }

        return entry;
    }

    /// <summary>The state as of position <paramref name="at"/> restricted to keys matching <paramref name="include"/>;
    /// costs one lookup per state change after <paramref name="at"/> (nothing for the current state).</summary>
    private async Task<List<TimelineEntry>> StateAtAsync(long at, Func<string, string, bool> include)
    {
        var result = new List<TimelineEntry>();
        foreach (var current in _state.Entries.ToList())
        {
            if (!include(current.Pdu.Type, current.Pdu.StateKey!))
            {
                continue;
            }

            var entry = current.Position <= at ? current : await StateEntryAtAsync(current.Pdu.Type, current.Pdu.StateKey!, at);
            if (entry is not null)
            {
                result.Add(entry);
            }
        }

        result.Sort((a, b) => a.Position.CompareTo(b.Position));
        return result;
    }

    /// <summary>An event of this room by ID: from the recent window, else the event store (null if unknown or in another room).</summary>
    private async Task<TimelineEntry?> LoadEntryAsync(string eventId)
    {
        if (_recent.Get(eventId) is { } recent)
        {
            return recent;
        }

        var stored = await _events.GetByIdAsync(eventId);
        return stored is null || !string.Equals(stored.StreamId, _roomId, StringComparison.Ordinal)
            ? null
            : StoredEventCodec.Decode(stored, Version);
    }

    /// <summary>Client-format events for the requester, with redactions applied (DIGEST §3.4), per-user unsigned data
    /// and bundled aggregations (DIGEST §3.6, RoomGrain.Relations.cs).</summary>
    private async Task<List<JsonElement>> FormatAsync(IReadOnlyList<TimelineEntry> entries, string userId, string? deviceId)
    {
        var version = Version;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = new List<JsonElement>(entries.Count);
        List<VisibleRange>? ranges = null;
        foreach (var entry in entries)
        {
            JsonElement? relations = null;
            if (!entry.Pdu.IsState && _relations.HasChildren(entry.EventId))
            {
                ranges ??= _history.VisibleRanges(userId, _position);
                relations = await BundleAggregationsAsync(entry, userId, deviceId, ranges, now);
            }

            Pdu? redaction = null;
            var redacted = _redactions.TryGetValue(entry.EventId, out var redactionId);
            if (redacted)
            {
                redaction = (await LoadEntryAsync(redactionId!))?.Pdu;
            }

            var membership = _history.MembershipAt(userId, entry.Position) ?? Membership.Leave;
            result.Add(ClientEventWriter.Write(entry, version, redacted, redaction, userId, deviceId, membership, now, relations));
        }

        return result;
    }

    /// <summary>The event as the requester is served it (redacted form when redacted), for filtering.</summary>
    private Pdu ServedPdu(TimelineEntry entry) =>
        _redactions.ContainsKey(entry.EventId) ? entry.Pdu.Redact(Version) : entry.Pdu;

    /// <summary>Member events of <paramref name="senders"/> as of position <paramref name="at"/> (lazy-loading, DIGEST §7).</summary>
    private async Task<List<TimelineEntry>> MembersOfAsync(IEnumerable<string> senders, long at)
    {
        var result = new List<TimelineEntry>();
        foreach (var sender in senders.Distinct(StringComparer.Ordinal))
        {
            if (await StateEntryAtAsync(EventTypes.Member, sender, at) is { } member)
            {
                result.Add(member);
            }
        }

        return result;
    }
}
