using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Relations (DIGEST §3.6): checks on new relations, <c>/relations</c>, <c>/threads</c> and the bundled
/// aggregations every served event carries. The index itself is <see cref="RoomRelations"/>, fed by <c>Apply</c>.</summary>
public sealed partial class RoomGrain : IRoomRelationsGrain
{
    /// <summary>Upper bound on <c>limit</c> for <c>/relations</c> and <c>/threads</c>: each result may be a store read.</summary>
    internal const int MaxRelationsLimit = 100;

    public async Task<RelationsPage> GetRelationsAsync(RelationsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var parent = await LoadEntryAsync(query.EventId);
        if (parent is null || !_history.IsVisible(query.UserId, parent.Position, _position))
        {
            throw MatrixException.NotFound("Event not found.");
        }

        var ranges = _history.VisibleRanges(query.UserId, _position);
        var depth = query.Recurse ? RelationsQuery.MaxRecursionDepth : 1;
        var candidates = CollectRelations(query.EventId, query.RelType, depth)
            .Where(r => (query.EventType is null || string.Equals(r.EventType, query.EventType, StringComparison.Ordinal)) && InRanges(ranges, r.Position));
        var limit = Math.Clamp(query.Limit, 1, MaxRelationsLimit);

        // Tokens are stream positions (RoomStreamToken), so /messages and /sync tokens work here too (relations.yaml).
        List<RelationRecord> ordered;
        if (query.Backward)
        {
            var from = query.From ?? _position;
            var to = query.To ?? 0;
            ordered = [.. candidates.Where(r => r.Position <= from && r.Position > to).OrderByDescending(r => r.Position)];
        }
        else
        {
            var from = query.From ?? 0;
            var to = query.To ?? _position;
            ordered = [.. candidates.Where(r => r.Position > from && r.Position <= to).OrderBy(r => r.Position)];
        }

        var selected = ordered.Take(limit).ToList();
        string? next = null;
        if (ordered.Count > limit)
        {
            next = RoomStreamToken.Format(query.Backward ? selected[^1].Position - 1 : selected[^1].Position);
        }

        var entries = new List<TimelineEntry>(selected.Count);
        foreach (var record in selected)
        {
            if (await LoadEntryAsync(record.EventId) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return new RelationsPage(
            await FormatAsync(entries, query.UserId, query.DeviceId),
            next,
            query.From is { } start ? RoomStreamToken.Format(start) : null,
            query.Recurse ? depth : null);
    }

    public async Task<ThreadsPage> GetThreadsAsync(ThreadsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var ranges = VisibleRangesOrForbid(query.UserId);

        // Threads ordered by their latest visible reply (threads_list.yaml); positions are unique per event, so the
        // latest reply's position is both the sort key and the next page's token.
        var threads = new List<(string Root, long Latest, bool Participated)>();
        foreach (var root in _relations.ThreadRoots)
        {
            long latest = -1;
            var participated = false;
            foreach (var child in _relations.ChildrenOf(root))
            {
                if (child.RelType == RelationTypes.Thread && InRanges(ranges, child.Position))
                {
                    latest = child.Position;
                    participated |= string.Equals(child.Sender, query.UserId, StringComparison.Ordinal);
                }
            }

            if (latest > 0 && (query.Before is not { } before || latest < before))
            {
                threads.Add((root, latest, participated));
            }
        }

        threads.Sort((a, b) => b.Latest.CompareTo(a.Latest));
        var limit = Math.Clamp(query.Limit, 1, MaxRelationsLimit);
        var roots = new List<TimelineEntry>(Math.Min(limit, threads.Count));
        string? next = null;
        for (var i = 0; i < threads.Count; i++)
        {
            if (roots.Count == limit)
            {
                next = RoomStreamToken.Format(threads[i - 1].Latest);
                break;
            }

            var (rootId, _, participated) = threads[i];
            if (await LoadEntryAsync(rootId) is not { } root || !InRanges(ranges, root.Position))
            {
                continue;
            }

            if (query.ParticipatedOnly && !participated && !string.Equals(root.Pdu.Sender, query.UserId, StringComparison.Ordinal))
            {
                continue;
            }

            roots.Add(root);
        }

        return new ThreadsPage(await FormatAsync(roots, query.UserId, query.DeviceId), next);
    }

    /// <summary>
    /// Checks a new event's relation before it is built (DIGEST §3.5): a second identical annotation by the same
    /// sender is 400 M_DUPLICATE_ANNOTATION; a thread cannot start from an event that itself has a relation
    /// (400 M_UNKNOWN).
    /// </summary>
    private void CheckNewRelation(string sender, string type, JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object
            || !content.TryGetProperty("m.relates_to", out var relatesTo)
            || relatesTo.ValueKind != JsonValueKind.Object
            || RelationString(relatesTo, "rel_type") is not { } relType
            || RelationString(relatesTo, "event_id") is not { } parentId)
        {
            return;
        }

        if (relType == RelationTypes.Annotation
            && RelationString(relatesTo, "key") is { } key
            && _relations.HasAnnotation(parentId, sender, type, key))
        {
            throw MatrixException.DuplicateAnnotation("You already sent this annotation.");
        }

        if (relType == RelationTypes.Thread && _relations.RelationOf(parentId) is not null)
        {
            throw MatrixException.Unknown("Cannot start a thread from an event with a relation.", 400);
        }
    }

    /// <summary>
    /// <c>unsigned["m.relations"]</c> of a non-state event for one user (DIGEST §3.6), from the children the user may
    /// see: <c>m.replace</c> = the latest edit (by <c>origin_server_ts</c>, then event ID) from the original sender
    /// with the original type (none for a redacted original); <c>m.thread</c> = latest reply, count and whether the
    /// user sent the root or a reply; <c>m.reference</c> = the referencing event IDs. Annotations are not
    /// aggregated. Null when nothing applies.
    /// </summary>
    private async Task<JsonElement?> BundleAggregationsAsync(TimelineEntry parent, string userId, string? deviceId, List<VisibleRange> ranges, long now)
    {
        RelationRecord? edit = null;
        RelationRecord? latestReply = null;
        var replies = 0;
        List<string>? references = null;
        var parentRedacted = _redactions.ContainsKey(parent.EventId);
        foreach (var child in _relations.ChildrenOf(parent.EventId))
        {
            if (!InRanges(ranges, child.Position))
            {
                continue;
            }

            switch (child.RelType)
            {
                case RelationTypes.Replace:
                    if (!parentRedacted
                        && string.Equals(child.Sender, parent.Pdu.Sender, StringComparison.Ordinal)
                        && string.Equals(child.EventType, parent.Pdu.Type, StringComparison.Ordinal)
                        && (edit is null
                            || child.OriginServerTs > edit.OriginServerTs
                            || (child.OriginServerTs == edit.OriginServerTs && string.CompareOrdinal(child.EventId, edit.EventId) > 0)))
                    {
                        edit = child;
                    }

                    break;
                case RelationTypes.Thread:
                    replies++;
                    latestReply = child;
                    break;
                case RelationTypes.Reference:
                    (references ??= []).Add(child.EventId);
                    break;
            }
        }

        var editEntry = edit is null ? null : await LoadEntryAsync(edit.EventId);
        var replyEntry = latestReply is null ? null : await LoadEntryAsync(latestReply.EventId);
        if (editEntry is null && replyEntry is null && references is null)
        {
            return null;
        }

        var participated = replyEntry is not null
            && (string.Equals(parent.Pdu.Sender, userId, StringComparison.Ordinal)
                || _relations.ChildrenOf(parent.EventId).Any(c => c.RelType == RelationTypes.Thread
                    && string.Equals(c.Sender, userId, StringComparison.Ordinal) && InRanges(ranges, c.Position)));
        var version = Version;
        return JsonElementBuilder.Build(writer =>
        {
            writer.WriteStartObject();
            if (editEntry is not null)
            {
                writer.WritePropertyName(RelationTypes.Replace);
                WriteChild(writer, editEntry);
            }

            if (replyEntry is not null)
            {
                writer.WriteStartObject(RelationTypes.Thread);
                writer.WritePropertyName("latest_event");
                WriteChild(writer, replyEntry);
                writer.WriteNumber("count", replies);
                writer.WriteBoolean("current_user_participated", participated);
                writer.WriteEndObject();
            }

            if (references is not null)
            {
                writer.WriteStartObject(RelationTypes.Reference);
                writer.WriteStartArray("chunk");
                foreach (var reference in references)
                {
                    writer.WriteStartObject();
                    writer.WriteString("event_id", reference);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });

        void WriteChild(Utf8JsonWriter writer, TimelineEntry child)
        {
            var membership = _history.MembershipAt(userId, child.Position) ?? Membership.Leave;
            ClientEventWriter.Write(child, version, redacted: false, redaction: null, userId, deviceId, membership, now).WriteTo(writer);
        }
    }

    /// <summary>Children of <paramref name="eventId"/> up to <paramref name="depth"/> hops; <paramref name="relType"/>
    /// filters the first hop only (relations.yaml <c>recurse</c>).</summary>
    private List<RelationRecord> CollectRelations(string eventId, string? relType, int depth)
    {
        var result = new List<RelationRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { eventId };
        List<string> frontier = [eventId];
        for (var hop = 1; hop <= depth && frontier.Count > 0; hop++)
        {
            var next = new List<string>();
            foreach (var parentId in frontier)
            {
                foreach (var child in _relations.ChildrenOf(parentId))
                {
                    if ((hop > 1 || relType is null || string.Equals(child.RelType, relType, StringComparison.Ordinal)) && seen.Add(child.EventId))
                    {
                        result.Add(child);
                        next.Add(child.EventId);
                    }
                }
            }

            frontier = next;
        }

        return result;
    }

    private static bool InRanges(List<VisibleRange> ranges, long position)
    {
        foreach (var range in ranges)
        {
            if (position < range.From)
            {
                return false;
            }

            if (position <= range.To)
            {
                return true;
            }
        }

        return false;
    }

    private static string? RelationString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
