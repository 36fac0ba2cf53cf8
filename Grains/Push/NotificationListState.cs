namespace ClawChat.Grains.Push;

/// <summary>Persisted list facet of <see cref="NotificationsGrain"/>: the newest notifications, oldest first,
/// bounded by <c>ClawChat:Push:MaxNotificationsPerUser</c>.</summary>
public sealed class NotificationListState
{
    public long NextId { get; set; } = 1;

    public List<StoredNotification> Items { get; set; } = [];
}
