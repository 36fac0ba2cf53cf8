using System.Text.Json;

namespace ClawChat.Grains.Push;

/// <summary>One recorded notification (for <c>GET /notifications</c>).</summary>
/// <param name="Id">Increasing per user; the pagination token.</param>
/// <param name="ThreadId"><c>main</c> or the thread root id (decides which receipt marks it read).</param>
/// <param name="Ts">When it was recorded, in milliseconds since the epoch.</param>
public sealed record StoredNotification(long Id, string RoomId, long Position, string ThreadId, long Ts, JsonElement Actions, JsonElement Event, bool Highlight);
