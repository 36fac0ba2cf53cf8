namespace ClawChat.Grains.Push;

/// <summary>Persisted counts facet of <see cref="NotificationsGrain"/>: room id → its bookkeeping.</summary>
public sealed class NotificationCountsState
{
    public Dictionary<string, RoomNotificationState> Rooms { get; set; } = new(StringComparer.Ordinal);
}
