using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>What a user's pushers are told (spec push-gateway <c>/notify</c>): an event that notified, or only
/// new counts (<see cref="EventId"/> null) after the user read something.</summary>
/// <param name="Event">The client-format event (its <c>content</c> is forwarded unless a pusher asks for <c>event_id_only</c>).</param>
/// <param name="Tweaks">The matching rule's <c>set_tweak</c> values (e.g. <c>sound</c>, <c>highlight</c>).</param>
/// <param name="Prio"><c>high</c> or <c>low</c>.</param>
/// <param name="Unread">The user's unread notification count over all rooms.</param>
public sealed record PushNotice(
    string? RoomId,
    string? EventId,
    JsonElement? Event,
    IReadOnlyDictionary<string, JsonElement> Tweaks,
    string? Prio,
    int Unread)
{
    /// <summary>A counts-only notice (badge update).</summary>
    public static PushNotice CountsOnly(int unread) => new(null, null, null, new Dictionary<string, JsonElement>(), null, unread);
}
