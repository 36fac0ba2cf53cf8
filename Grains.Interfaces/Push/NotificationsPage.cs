namespace ClawChat.Grains.Interfaces.Push;

/// <summary>A page of <c>GET /notifications</c>, newest first; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record NotificationsPage(IReadOnlyList<NotificationItem> Notifications, string? NextToken);
