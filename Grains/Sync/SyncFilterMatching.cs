using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Grains.Rooms;

namespace ClawChat.Grains.Sync;

/// <summary>Applies the EventFilter parts of a sync filter (DIGEST §7): <c>not_*</c> wins, <c>*</c> is a type wildcard.</summary>
internal static class SyncFilterMatching
{
    public static bool Matches(SyncEventFilter? filter, string type, string? sender)
    {
        if (filter is null)
        {
            return true;
        }

        if (filter.NotTypes is { } notTypes && notTypes.Any(t => RoomEventFilterMatcher.Glob(t, type)))
        {
            return false;
        }

        if (filter.Types is { } types && !types.Any(t => RoomEventFilterMatcher.Glob(t, type)))
        {
            return false;
        }

        if (sender is not null && filter.NotSenders is { } notSenders && notSenders.Contains(sender, StringComparer.Ordinal))
        {
            return false;
        }

        return sender is null || filter.Senders is not { } senders || senders.Contains(sender, StringComparer.Ordinal);
    }

    /// <summary>The items passing the filter, at most its <c>limit</c>.</summary>
    public static List<T> Apply<T>(SyncEventFilter? filter, IEnumerable<T> items, Func<T, string> type, Func<T, string?> sender)
    {
        var result = items.Where(i => Matches(filter, type(i), sender(i))).ToList();
        if (filter?.Limit is { } limit && result.Count > limit)
        {
            result.RemoveRange(limit, result.Count - limit);
        }

        return result;
    }

    /// <summary>The room-event filter a room applies, with the ignored users added to <c>not_senders</c> (DIGEST §6).</summary>
    public static RoomEventFilter ToRoomEventFilter(SyncEventFilter? filter, IReadOnlyCollection<string>? ignored)
    {
        IReadOnlyList<string>? notSenders = filter?.NotSenders;
        if (ignored is { Count: > 0 })
        {
            notSenders = [.. notSenders ?? [], .. ignored];
        }

        return filter is null
            ? new RoomEventFilter(NotSenders: notSenders)
            : new RoomEventFilter(filter.Types, filter.NotTypes, filter.Senders, notSenders, filter.ContainsUrl, filter.LazyLoadMembers, filter.Limit);
    }
}
