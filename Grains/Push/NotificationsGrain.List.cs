using System.Globalization;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Push.Evaluation;

namespace ClawChat.Grains.Push;

/// <summary>The /notifications list (spec notifications.yaml): the last
/// <c>ClawChat:Push:MaxNotificationsPerUser</c> notifications; <c>read</c> is derived from the receipts.</summary>
public sealed partial class NotificationsGrain
{
    public Task<NotificationsPage> GetNotificationsAsync(NotificationsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var items = _list.State.Items;
        var page = new List<NotificationItem>(Math.Min(query.Limit, items.Count));
        string? next = null;
        long lastId = 0;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var item = items[i];
            if ((query.From is { } from && item.Id >= from) || (query.OnlyHighlight && !item.Highlight))
            {
                continue;
            }

            if (page.Count == query.Limit)
            {
                // More (older) notifications match: the token makes the next page start below the last one shown.
                next = lastId.ToString(CultureInfo.InvariantCulture);
                break;
            }

            page.Add(new NotificationItem(item.RoomId, item.Actions, item.Event, IsRead(item), item.Ts, item.Highlight, null));
            lastId = item.Id;
        }

        return Task.FromResult(new NotificationsPage(page, next));
    }

    private void Record(string roomId, long position, string threadId, JsonElement roomEvent, PushEvaluation result)
    {
        var list = _list.State;
        list.Items.Add(new StoredNotification(
            list.NextId++,
            roomId,
            position,
            threadId,
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            result.Actions!.Raw,
            roomEvent.Clone(),
            result.Highlight));
        if (list.Items.Count > _options.MaxNotificationsPerUser)
        {
            list.Items.RemoveRange(0, list.Items.Count - _options.MaxNotificationsPerUser);
        }
    }

    private bool IsRead(StoredNotification item) =>
        Rooms.TryGetValue(item.RoomId, out var room) && item.Position <= room.ReadPositionOf(item.ThreadId);
}
