using System.Text.Json;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Rooms;

/// <summary><c>/messages</c> and <c>/context</c> (DIGEST §8), paging only through positions the user may see (DIGEST §9).</summary>
public sealed partial class RoomGrain
{
    /// <summary>Upper bound on <c>limit</c> (DIGEST §8: "cap it").</summary>
    internal const int MaxPageLimit = 1000;

    /// <summary>Events examined per request when a filter rejects most of them; past it the page ends early
    /// with an <c>end</c> token ("keep paginating", DIGEST §8), so one request's work stays bounded.</summary>
    internal const int MaxScannedEvents = 2000;

    public async Task<MessagesPage> GetMessagesAsync(MessagesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var ranges = VisibleRangesOrForbid(query.UserId);
        var limit = Math.Clamp(query.Limit, 1, MaxPageLimit);
        var from = query.From is { } f ? Math.Min(f, _position) : (query.Backward ? _position : 0);
        var page = await PaginateAsync(ranges, query.Backward, from, query.To, limit, query.Filter);
        var chunk = await FormatAsync(page.Events, query.UserId, query.DeviceId);
        var state = query.Filter.LazyLoadMembers && page.Events.Count > 0
            ? await FormatAsync(await MembersOfAsync(page.Events.Select(e => e.Pdu.Sender), page.Events.Max(e => e.Position)), query.UserId, null)
            : [];
        return new MessagesPage(
            RoomStreamToken.Format(query.From ?? from),
            page.Exhausted ? null : RoomStreamToken.Format(page.Next),
            chunk,
            state);
    }

    public async Task<EventContextPage> GetContextAsync(ContextQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureExists();
        var entry = await LoadEntryAsync(query.EventId);
        if (entry is null || !_history.IsVisible(query.UserId, entry.Position, _position))
        {
            throw MatrixException.NotFound("Event not found.");
        }

        var ranges = _history.VisibleRanges(query.UserId, _position);
        var limit = Math.Clamp(query.Limit, 0, MaxPageLimit);
        var beforeLimit = limit / 2;
        var afterLimit = limit - beforeLimit;
        var before = beforeLimit > 0
            ? await PaginateAsync(ranges, backward: true, entry.Position - 1, null, beforeLimit, query.Filter)
            : new Page([], entry.Position - 1, Exhausted: false);
        var after = afterLimit > 0
            ? await PaginateAsync(ranges, backward: false, entry.Position, null, afterLimit, query.Filter)
            : new Page([], entry.Position, Exhausted: false);

        var stateEntries = query.Filter.LazyLoadMembers
            ? await MembersOfAsync(before.Events.Concat(after.Events).Append(entry).Select(e => e.Pdu.Sender), entry.Position)
            : await StateAtAsync(entry.Position, static (_, _) => true);
        return new EventContextPage(
            (await FormatAsync([entry], query.UserId, query.DeviceId))[0],
            await FormatAsync(before.Events, query.UserId, query.DeviceId),
            await FormatAsync(after.Events, query.UserId, query.DeviceId),
            RoomStreamToken.Format(before.Next),
            RoomStreamToken.Format(after.Next),
            await FormatAsync(stateEntries, query.UserId, null));
    }

    /// <summary>The user's visible ranges; M_FORBIDDEN for someone who was never in a room that is not world-readable.</summary>
    private List<VisibleRange> VisibleRangesOrForbid(string userId)
    {
        var ranges = _history.VisibleRanges(userId, _position);
        if (ranges.Count == 0 && !_history.HasMembership(userId))
        {
            throw MatrixException.Forbidden("You are not a member of this room.");
        }

        return ranges;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> visible events matching <paramref name="filter"/>. Backward: positions
    /// ≤ <paramref name="from"/> and &gt; <paramref name="to"/>, newest first; <see cref="Page.Next"/> is the next
    /// position to read (token <c>s&lt;Next&gt;</c> continues backward). Forward: positions &gt; <paramref name="from"/>
    /// and ≤ <paramref name="to"/> (default: the head), oldest first; <see cref="Page.Next"/> is the last position
    /// examined. <see cref="Page.Exhausted"/> when no visible position is left in the direction of travel.
    /// </summary>
    private async Task<Page> PaginateAsync(List<VisibleRange> ranges, bool backward, long from, long? to, int limit, RoomEventFilter filter)
    {
        var events = new List<TimelineEntry>(Math.Min(limit, 64));
        var scanned = 0;
        if (backward)
        {
            var lowest = Math.Max(to ?? 0, 0) + 1;
            var cursor = Math.Min(from, _position);
            while (events.Count < limit && scanned < MaxScannedEvents)
            {
                if (HighestVisibleAtOrBelow(ranges, cursor, lowest) is not { } next)
                {
                    return new Page(events, cursor, Exhausted: true);
                }

                var rangeLow = Math.Max(RangeContaining(ranges, next).From, lowest);
                var batch = await ReadRangeAsync(rangeLow, next, backward: true, BatchSize(limit - events.Count));
                if (batch.Count == 0)
                {
                    return new Page(events, next, Exhausted: true);
                }

                cursor = next;
                foreach (var entry in batch)
                {
                    scanned++;
                    cursor = entry.Position - 1;
                    if (RoomEventFilterMatcher.Matches(filter, ServedPdu(entry)))
                    {
                        events.Add(entry);
                        if (events.Count == limit)
                        {
                            break;
                        }
                    }
                }
            }

            return new Page(events, cursor, Exhausted: HighestVisibleAtOrBelow(ranges, cursor, lowest) is null);
        }
        else
        {
            var highest = Math.Min(to ?? _position, _position);
            var cursor = Math.Max(from, 0) + 1;
            while (events.Count < limit && scanned < MaxScannedEvents)
            {
                if (LowestVisibleAtOrAbove(ranges, cursor, highest) is not { } next)
                {
                    return new Page(events, cursor - 1, Exhausted: true);
                }

                var rangeHigh = Math.Min(RangeContaining(ranges, next).To, highest);
                var batch = await ReadRangeAsync(next, rangeHigh, backward: false, BatchSize(limit - events.Count));
                if (batch.Count == 0)
                {
                    return new Page(events, next - 1, Exhausted: true);
                }

                cursor = next;
                foreach (var entry in batch)
                {
                    scanned++;
                    cursor = entry.Position + 1;
                    if (RoomEventFilterMatcher.Matches(filter, ServedPdu(entry)))
                    {
                        events.Add(entry);
                        if (events.Count == limit)
                        {
                            break;
                        }
                    }
                }
            }

            return new Page(events, cursor - 1, Exhausted: LowestVisibleAtOrAbove(ranges, cursor, highest) is null);
        }
    }

    private static int BatchSize(int wanted) => Math.Clamp(wanted * 2, 16, 256);

    private static long? HighestVisibleAtOrBelow(List<VisibleRange> ranges, long position, long lowest)
    {
        for (var i = ranges.Count - 1; i >= 0; i--)
        {
            var range = ranges[i];
            if (range.From > position)
            {
                continue;
            }

            var candidate = Math.Min(range.To, position);
            return candidate >= lowest ? candidate : null;
        }

        return null;
    }

    private static long? LowestVisibleAtOrAbove(List<VisibleRange> ranges, long position, long highest)
    {
        foreach (var range in ranges)
        {
            if (range.To < position)
            {
                continue;
            }

            var candidate = Math.Max(range.From, position);
            return candidate <= highest ? candidate : null;
        }

        return null;
    }

    private static VisibleRange RangeContaining(List<VisibleRange> ranges, long position) =>
        ranges.First(r => position >= r.From && position <= r.To);

    /// <summary>Entries at positions <paramref name="low"/>..<paramref name="high"/> (inclusive, all exist: the
    /// sequence is dense), at most <paramref name="max"/>, starting from the high end when <paramref name="backward"/>.
    /// The recent window answers what it holds; older positions come from the event store.</summary>
    private async Task<List<TimelineEntry>> ReadRangeAsync(long low, long high, bool backward, int max)
    {
        var result = new List<TimelineEntry>(Math.Min(max, (int)Math.Min(high - low + 1, 256)));
        if (backward)
        {
            var position = high;
            while (position >= low && result.Count < max && _recent.Get(position) is { } recent)
            {
                result.Add(recent);
                position--;
            }

            if (position >= low && result.Count < max)
            {
                var count = (int)Math.Min(max - result.Count, position - low + 1);
                foreach (var stored in await _events.ReadBackwardAsync(_roomId, position + 1, count))
                {
                    result.Add(StoredEventCodec.Decode(stored, Version));
                }
            }
        }
        else
        {
            var position = low;
            if (position < _recent.FirstPosition)
            {
                var count = (int)Math.Min(max, Math.Min(high, _recent.FirstPosition - 1) - position + 1);
                foreach (var stored in await _events.ReadForwardAsync(_roomId, position - 1, count))
                {
                    result.Add(StoredEventCodec.Decode(stored, Version));
                    position = stored.Sequence + 1;
                }
            }

            while (position <= high && result.Count < max && _recent.Get(position) is { } recent)
            {
                result.Add(recent);
                position++;
            }
        }

        return result;
    }

    private sealed record Page(List<TimelineEntry> Events, long Next, bool Exhausted);
}
