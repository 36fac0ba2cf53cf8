using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Json;
using ClawChat.Storage.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// How a timeline entry is stored: the PDU in federation format as canonical JSON, with the server's records
/// in <c>unsigned</c> (never covered by hashes or the event ID, DIGEST §3.2): <c>replaces_state</c>,
/// <c>prev_content</c>, <c>prev_sender</c> (standard unsigned keys) and our private transaction record, which is
/// stripped before anything is served or federated.
/// </summary>
internal static class StoredEventCodec
{
    private const string TxnKey = "io.clawchat.txn";

    public static NewEvent Encode(TimelineEntry entry)
    {
        var pdu = entry.Pdu;
        var json = pdu.ToFederationJson(includeUnsigned: false);
        var unsigned = new JsonObject();
        if (entry.ReplacesState is not null)
        {
            unsigned["replaces_state"] = entry.ReplacesState;
        }

        if (entry.PrevContent is { } prevContent)
        {
            unsigned["prev_content"] = JsonNode.Parse(prevContent.GetRawText());
        }

        if (entry.PrevSender is not null)
        {
            unsigned["prev_sender"] = entry.PrevSender;
        }

        if (entry.TxnId is not null && entry.TxnDeviceId is not null)
        {
            unsigned[TxnKey] = new JsonObject { ["device_id"] = entry.TxnDeviceId, ["txn_id"] = entry.TxnId };
        }

        if (unsigned.Count > 0)
        {
            json["unsigned"] = unsigned;
        }

        return new NewEvent(pdu.EventId, pdu.Type, pdu.StateKey, pdu.Sender, pdu.OriginServerTs, CanonicalJson.Encode(json));
    }

    public static TimelineEntry Decode(StoredEvent stored, RoomVersion version)
    {
        using var document = JsonDocument.Parse(stored.Payload);
        var pdu = Pdu.Parse(document.RootElement, version, stored.EventId);
        string? replacesState = null, prevSender = null, txnDevice = null, txnId = null;
        JsonElement? prevContent = null;
        if (pdu.Unsigned is { ValueKind: JsonValueKind.Object } unsigned)
        {
            replacesState = ReadString(unsigned, "replaces_state");
            prevSender = ReadString(unsigned, "prev_sender");
            if (unsigned.TryGetProperty("prev_content", out var prev) && prev.ValueKind == JsonValueKind.Object)
            {
                prevContent = prev.Clone();
            }

            if (unsigned.TryGetProperty(TxnKey, out var txn) && txn.ValueKind == JsonValueKind.Object)
            {
                txnDevice = ReadString(txn, "device_id");
                txnId = ReadString(txn, "txn_id");
            }

            pdu = pdu.WithUnsigned(null);
        }

        return new TimelineEntry
        {
            Position = stored.Sequence,
            Pdu = pdu,
            TxnDeviceId = txnDevice,
            TxnId = txnId,
            ReplacesState = replacesState,
            PrevContent = prevContent,
            PrevSender = prevSender,
        };
    }

    private static string? ReadString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
