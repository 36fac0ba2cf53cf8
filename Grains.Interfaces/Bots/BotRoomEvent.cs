using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>A room event as a bot conversation sees it: <c>m.room.message</c> or <c>m.room.redaction</c>.</summary>
/// <param name="Position">The event's stream position in the room.</param>
/// <param name="Redacts">For a redaction, the redacted event's ID.</param>
public sealed record BotRoomEvent(
    string EventId,
    string Sender,
    string Type,
    JsonElement Content,
    long Position,
    long OriginServerTs,
    string? Redacts = null);
