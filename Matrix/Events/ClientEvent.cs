using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawChat.Matrix.Events;

/// <summary>
/// The client-format view of a PDU (DIGEST §3.1): <c>event_id, type, content, sender, origin_server_ts,
/// room_id, state_key?, unsigned?</c>. Never carries hashes, signatures, prev/auth events or depth.
/// Redactions carry <c>redacts</c> both at top level and in content in every room version, because clients
/// written against either layout read one or the other (DIGEST §3.3).
/// </summary>
public sealed class ClientEvent
{
    public required string EventId { get; init; }

    public required string Type { get; init; }

    public required JsonElement Content { get; init; }

    public required string Sender { get; init; }

    public required long OriginServerTs { get; init; }

    public required string RoomId { get; init; }

    public string? StateKey { get; init; }

    /// <summary>Top-level <c>redacts</c>, set on redaction events whatever the room version.</summary>
    public string? Redacts { get; init; }

    /// <summary>Per-requester data: age, transaction_id, prev_content, redacted_because, membership…</summary>
    public JsonElement? Unsigned { get; init; }

    /// <summary>
    /// Converts a stored event; <paramref name="unsigned"/> replaces the PDU's own unsigned data when given
    /// (it is computed per requesting user at serve time).
    /// </summary>
    public static ClientEvent FromPdu(Pdu pdu, RoomVersion version, JsonElement? unsigned = null)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(version);
        var content = pdu.Content;
        var redacts = pdu.GetRedactsTarget(version);
        if (redacts is not null && !content.TryGetProperty("redacts", out _))
        {
            var withRedacts = JsonObject.Create(content.Clone())!;
            withRedacts["redacts"] = redacts;
            content = JsonSerializer.SerializeToElement(withRedacts);
        }

        return new ClientEvent
        {
            EventId = pdu.EventId,
            Type = pdu.Type,
            Content = content,
            Sender = pdu.Sender,
            OriginServerTs = pdu.OriginServerTs,
            RoomId = pdu.RoomId,
            StateKey = pdu.StateKey,
            Redacts = redacts,
            Unsigned = unsigned ?? pdu.Unsigned,
        };
    }

    /// <summary>Writes the event object; <paramref name="includeRoomId"/> is false inside /sync room sections.</summary>
    public void WriteTo(Utf8JsonWriter writer, bool includeRoomId = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("event_id", EventId);
        writer.WriteString("type", Type);
        writer.WritePropertyName("content");
        Content.WriteTo(writer);
        writer.WriteString("sender", Sender);
        writer.WriteNumber("origin_server_ts", OriginServerTs);
        if (includeRoomId)
        {
            writer.WriteString("room_id", RoomId);
        }

        if (StateKey is not null)
        {
            writer.WriteString("state_key", StateKey);
        }

        if (Redacts is not null)
        {
            writer.WriteString("redacts", Redacts);
        }

        if (Unsigned is { ValueKind: JsonValueKind.Object } unsigned)
        {
            writer.WritePropertyName("unsigned");
            unsigned.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    public JsonObject ToJsonObject(bool includeRoomId = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer, includeRoomId);
        }

        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }
}
