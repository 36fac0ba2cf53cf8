using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>Per-user push-rule evaluation and notification bookkeeping (key: the user id). The sync engine
/// calls <see cref="OnRoomEventAsync"/> for every new room event the user may see (not their own), and
/// <see cref="OnReadAsync"/> when the user's read receipt (or fully-read marker) moves; /sync reads
/// <see cref="GetUnreadCountsAsync"/>. The push engineer implements it: rule evaluation (spec defaults plus the
/// user's rules), highlight/notify counts per room and per thread, the /notifications list, and delivery to
/// the user's pushers.</summary>
[Alias("clawchat.INotificationsGrain")]
public interface INotificationsGrain : IGrainWithStringKey
{
    /// <summary>A new event in a room the user is joined to. <paramref name="roomEvent"/> is the client-format
    /// event; <paramref name="streamPosition"/> its position in the room; <paramref name="memberCount"/> the
    /// joined member count (for the room_member_count condition); <paramref name="userDisplayName"/> the user's
    /// display name in that room (for the contains_display_name condition).</summary>
    [OneWay]
    Task OnRoomEventAsync(string roomId, long streamPosition, JsonElement roomEvent, int memberCount, string? userDisplayName);

    /// <summary>The user read up to <paramref name="streamPosition"/> in the room (optionally in a thread): counts reset.</summary>
    Task OnReadAsync(string roomId, long streamPosition, string? threadId);

    /// <summary>Unread counts for the given rooms (rooms without notifications may be omitted).</summary>
    [ReadOnly]
    Task<IReadOnlyDictionary<string, UnreadCounts>> GetUnreadCountsAsync(IReadOnlyList<string> roomIds);

    /// <summary><c>GET /notifications</c>: the user's recent notifications, newest first (the last
    /// <c>ClawChat:Push:MaxNotificationsPerUser</c> are kept).</summary>
    [ReadOnly]
    Task<NotificationsPage> GetNotificationsAsync(NotificationsQuery query);
}

/// <summary>Unread counts of one room: totals plus per thread (thread root event id → counts).</summary>
public sealed record UnreadCounts(int NotificationCount, int HighlightCount, IReadOnlyDictionary<string, ThreadUnreadCounts> Threads);

/// <summary>Unread counts of one thread.</summary>
public sealed record ThreadUnreadCounts(int NotificationCount, int HighlightCount);
