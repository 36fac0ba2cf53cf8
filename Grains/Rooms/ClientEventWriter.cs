using System.Buffers;
using System.Text.Json;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// Writes timeline entries in client format (DIGEST §3.1) with the per-requester <c>unsigned</c> data:
/// <c>age</c>, <c>transaction_id</c> (only for the device that sent it), <c>membership</c> (the requester's
/// membership at the event), <c>prev_content</c>/<c>prev_sender</c>/<c>replaces_state</c> for state events and
/// <c>redacted_because</c> for redacted events, whose content is stripped by the redaction algorithm (DIGEST §3.4),
/// and <c>m.relations</c> (bundled aggregations, DIGEST §3.6) when the caller computed them.
/// </summary>
internal static class ClientEventWriter
{
    /// <summary>What the requester sees of one entry.</summary>
    /// <param name="redacted">Whether the entry is redacted.</param>
    /// <param name="redaction">The redaction event, when it could be loaded.</param>
    /// <param name="relations">The <c>unsigned["m.relations"]</c> object, or null.</param>
    public static JsonElement Write(
        TimelineEntry entry,
        RoomVersion version,
        bool redacted,
        Pdu? redaction,
        string? requesterUserId,
        string? requesterDeviceId,
        string? membership,
        long now,
        JsonElement? relations = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var pdu = redacted ? entry.Pdu.Redact(version) : entry.Pdu;
            WriteEventStart(writer, pdu, version);
            writer.WriteStartObject("unsigned");
            writer.WriteNumber("age", Math.Max(0, now - pdu.OriginServerTs));
            if (membership is not null)
            {
                writer.WriteString("membership", membership);
            }

            if (entry.TxnId is not null
                && requesterDeviceId is not null
                && string.Equals(entry.TxnDeviceId, requesterDeviceId, StringComparison.Ordinal)
                && string.Equals(pdu.Sender, requesterUserId, StringComparison.Ordinal))
            {
                writer.WriteString("transaction_id", entry.TxnId);
            }

            if (entry.ReplacesState is not null)
            {
                writer.WriteString("replaces_state", entry.ReplacesState);
                if (entry.PrevContent is { } prevContent)
                {
                    writer.WritePropertyName("prev_content");
                    prevContent.WriteTo(writer);
                }

                if (entry.PrevSender is not null)
                {
                    writer.WriteString("prev_sender", entry.PrevSender);
                }
            }

            if (redaction is not null)
            {
                writer.WritePropertyName("redacted_because");
                WriteEventStart(writer, redaction, version);
                writer.WriteStartObject("unsigned");
                writer.WriteNumber("age", Math.Max(0, now - redaction.OriginServerTs));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            if (relations is { } bundled)
            {
                writer.WritePropertyName("m.relations");
                bundled.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Writes the event object's fields, leaving it open for <c>unsigned</c>. Redactions carry
    /// <c>redacts</c> at top level and in content whatever the room version (DIGEST §3.3).</summary>
    private static void WriteEventStart(Utf8JsonWriter writer, Pdu pdu, RoomVersion version)
    {
        var client = ClientEvent.FromPdu(pdu, version);
        writer.WriteStartObject();
        writer.WriteString("event_id", client.EventId);
        writer.WriteString("type", client.Type);
        writer.WritePropertyName("content");
        client.Content.WriteTo(writer);
        writer.WriteString("sender", client.Sender);
        writer.WriteNumber("origin_server_ts", client.OriginServerTs);
        writer.WriteString("room_id", client.RoomId);
        if (client.StateKey is not null)
        {
            writer.WriteString("state_key", client.StateKey);
        }

        if (client.Redacts is not null)
        {
            writer.WriteString("redacts", client.Redacts);
        }
    }
}
