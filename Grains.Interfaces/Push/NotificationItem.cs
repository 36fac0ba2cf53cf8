using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>One entry of <c>GET /notifications</c>.</summary>
/// <param name="Actions">The actions of the rule that matched (JSON array).</param>
/// <param name="Event">The client-format event.</param>
/// <param name="Read">Whether the user's read receipt (main timeline, the event's thread, or unthreaded) is at or past the event.</param>
/// <param name="Ts">When the notification was recorded, in milliseconds since the epoch.</param>
/// <param name="ProfileTag">The profile tag of the rule that matched; always null (device-specific rules are not supported).</param>
public sealed record NotificationItem(string RoomId, JsonElement Actions, JsonElement Event, bool Read, long Ts, bool Highlight, string? ProfileTag);
