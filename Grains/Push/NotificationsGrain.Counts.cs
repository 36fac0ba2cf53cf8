using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push;

/// <summary>Receipts and unread counts (DIGEST §15 "Counts"). Room totals include the threads' counts; the
/// <see cref="UnreadCounts.Threads"/> map holds the threads alone (never <c>main</c>), so /sync with
/// <c>unread_thread_notifications</c> reports the main timeline as the total minus the threads.</summary>
public sealed partial class NotificationsGrain
{
    public async Task OnReadAsync(string roomId, long streamPosition, string? threadId)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        if (!Rooms.TryGetValue(roomId, out var room))
        {
            room = new RoomNotificationState();
            Rooms[roomId] = room;
        }

        var before = room.CountNotifications();
        if (!room.MarkRead(streamPosition, string.IsNullOrEmpty(threadId) ? null : threadId, MaxTrackedThreadsPerRoom))
        {
            return;
        }

        await _counts.WriteStateAsync();
        if (room.CountNotifications() != before)
        {
            // A badge update, so the phone's unread count drops when the user reads elsewhere (counts-only push).
            await GrainFactory.GetGrain<IPushersGrain>(UserId).NotifyAsync(PushNotice.CountsOnly(TotalUnread()));
        }
    }

    public Task<IReadOnlyDictionary<string, UnreadCounts>> GetUnreadCountsAsync(IReadOnlyList<string> roomIds)
    {
        ArgumentNullException.ThrowIfNull(roomIds);
        var result = new Dictionary<string, UnreadCounts>(StringComparer.Ordinal);
        foreach (var roomId in roomIds)
        {
            if (!Rooms.TryGetValue(roomId, out var room) || room.Unread.Count == 0)
            {
                continue;
            }

            var threads = new Dictionary<string, ThreadUnreadCounts>(StringComparer.Ordinal);
            int notifications = 0, highlights = 0;
            foreach (var (threadId, entries) in room.Unread)
            {
                var highlighted = entries.Count(e => e.Highlight);
                notifications += entries.Count;
                highlights += highlighted;
                if (threadId != EventThreads.Main && entries.Count > 0)
                {
                    threads[threadId] = new ThreadUnreadCounts(entries.Count, highlighted);
                }
            }

            if (notifications > 0)
            {
                result[roomId] = new UnreadCounts(notifications, highlights, threads);
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, UnreadCounts>>(result);
    }

    /// <summary>The <c>counts.unread</c> of pushes: unread notifications over all rooms.</summary>
    private int TotalUnread() => Rooms.Values.Sum(r => r.CountNotifications());
}
