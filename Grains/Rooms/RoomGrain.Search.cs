using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Server-side search (spec search.yaml): a backward scan of the events the user may see (DIGEST §9),
/// bounded per call; the caller continues from <see cref="RoomSearchPage.Next"/>.</summary>
public sealed partial class RoomGrain : IRoomSearchGrain
{
    /// <summary>Events examined per call (at most ~8 store reads of 256); past it the page ends with a cursor,
    /// so a search of a long history costs several requests rather than one unbounded one.</summary>
    internal const int MaxSearchScan = 2000;

    public async Task<RoomSearchPage> SearchAsync(RoomSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var ranges = _history.VisibleRanges(query.UserId, _position);
        var limit = Math.Clamp(query.Limit, 1, MaxPageLimit);
        var hits = new List<(TimelineEntry Entry, double Rank)>();
        var cursor = Math.Min(query.Before is { } before ? before - 1 : _position, _position);
        var scanned = 0;
        while (hits.Count < limit && scanned < MaxSearchScan)
        {
            if (HighestVisibleAtOrBelow(ranges, cursor, 1) is not { } next)
            {
                break;
            }

            var batch = await ReadRangeAsync(RangeContaining(ranges, next).From, next, backward: true, BatchSize(MaxSearchScan - scanned));
            if (batch.Count == 0)
            {
                cursor = 0;
                break;
            }

            foreach (var entry in batch)
            {
                scanned++;
                cursor = entry.Position - 1;
                var pdu = ServedPdu(entry);
                if (RoomEventFilterMatcher.Matches(query.Filter, pdu) && SearchMatcher.Rank(pdu, query.Keys, query.Terms) is { } rank)
                {
                    hits.Add((entry, rank));
                    if (hits.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        var wantContext = query.BeforeLimit > 0 || query.AfterLimit > 0 || query.IncludeProfile;
        var results = new List<RoomSearchHit>(hits.Count);
        foreach (var (entry, rank) in hits)
        {
            var served = (await FormatAsync([entry], query.UserId, null))[0];
            var context = wantContext ? await SearchContextAsync(entry, ranges, query) : (JsonElement?)null;
            results.Add(new RoomSearchHit(entry.Position, entry.Pdu.OriginServerTs, rank, served, context));
        }

        var exhausted = HighestVisibleAtOrBelow(ranges, cursor, 1) is null;
        return new RoomSearchPage(results, exhausted ? null : cursor + 1);
    }

    /// <summary>The <c>context</c> of a hit: visible events around it, <c>/messages</c> tokens and senders' profiles
    /// as of the hit (their member events at that position).</summary>
    private async Task<JsonElement> SearchContextAsync(TimelineEntry hit, List<VisibleRange> ranges, RoomSearchQuery query)
    {
        var before = query.BeforeLimit > 0
            ? await PaginateAsync(ranges, backward: true, hit.Position - 1, null, Math.Min(query.BeforeLimit, MaxPageLimit), RoomEventFilter.None)
            : new Page([], hit.Position - 1, Exhausted: false);
        var after = query.AfterLimit > 0
            ? await PaginateAsync(ranges, backward: false, hit.Position, null, Math.Min(query.AfterLimit, MaxPageLimit), RoomEventFilter.None)
            : new Page([], hit.Position, Exhausted: false);
        var eventsBefore = await FormatAsync(before.Events, query.UserId, null);
        var eventsAfter = await FormatAsync(after.Events, query.UserId, null);
        var profiles = query.IncludeProfile
            ? await MembersOfAsync(before.Events.Concat(after.Events).Append(hit).Select(e => e.Pdu.Sender), hit.Position)
            : [];
        return JsonElementBuilder.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("start", RoomStreamToken.Format(before.Next));
            writer.WriteString("end", RoomStreamToken.Format(after.Next));
            WriteEvents(writer, "events_before", eventsBefore);
            WriteEvents(writer, "events_after", eventsAfter);
            if (query.IncludeProfile)
            {
                writer.WriteStartObject("profile_info");
                foreach (var member in profiles)
                {
                    writer.WriteStartObject(member.Pdu.StateKey!);
                    if (member.Pdu.GetContentString("displayname") is { } displayName)
                    {
                        writer.WriteString("displayname", displayName);
                    }

                    if (member.Pdu.GetContentString("avatar_url") is { } avatarUrl)
                    {
                        writer.WriteString("avatar_url", avatarUrl);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    private static void WriteEvents(Utf8JsonWriter writer, string name, List<JsonElement> events)
    {
        writer.WriteStartArray(name);
        foreach (var e in events)
        {
            e.WriteTo(writer);
        }

        writer.WriteEndArray();
    }
}
