using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>A room's ephemeral data for one sync: the <c>m.typing</c> and <c>m.receipt</c> events to send (null
/// when there is nothing), members whose presence changed, and the version this covers.</summary>
public sealed record EphemeralSlice(
    long Version,
    JsonElement? Typing,
    JsonElement? Receipts,
    IReadOnlyList<string> PresenceChanged);
