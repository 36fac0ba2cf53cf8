using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Events;

public sealed partial class Pdu
{
    /// <summary>The federation-format JSON (no <c>event_id</c>, no <c>signatures</c>; see the type remarks).</summary>
    public JsonObject ToFederationJson(bool includeUnsigned = true)
    {
        var json = new JsonObject
        {
            ["auth_events"] = ToArray(AuthEvents),
            ["content"] = JsonObject.Create(Content.Clone()) ?? new JsonObject(),
            ["depth"] = Depth,
            ["hashes"] = new JsonObject { ["sha256"] = ContentHash },
            ["origin_server_ts"] = OriginServerTs,
            ["prev_events"] = ToArray(PrevEvents),
            ["room_id"] = RoomId,
            ["sender"] = Sender,
            ["type"] = Type,
        };

        if (StateKey is not null)
        {
            json["state_key"] = StateKey;
        }

        if (Redacts is not null)
        {
            json["redacts"] = Redacts;
        }

        if (includeUnsigned && Unsigned is { ValueKind: JsonValueKind.Object } unsigned)
        {
            json["unsigned"] = JsonObject.Create(unsigned.Clone());
        }

        return json;
    }

    /// <summary>Canonical JSON bytes of the federation format, e.g. for storage.</summary>
    public byte[] ToCanonicalJson(bool includeUnsigned = true) => CanonicalJson.Encode(ToFederationJson(includeUnsigned));

    /// <summary>
    /// Reads a federation-format event. The event ID is recomputed from the JSON unless
    /// <paramref name="knownEventId"/> is given (e.g. when loading our own stored events).
    /// Throws <see cref="FormatException"/> when a required field is missing or mistyped.
    /// </summary>
    public static Pdu Parse(JsonElement json, RoomVersion version, string? knownEventId = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A PDU must be a JSON object.");
        }

        var eventId = knownEventId ?? EventHashing.ComputeEventId(JsonObject.Create(json)!, version).Value;
        return new Pdu
        {
            EventId = eventId,
            RoomId = RequiredString(json, "room_id"),
            Sender = RequiredString(json, "sender"),
            Type = RequiredString(json, "type"),
            StateKey = OptionalString(json, "state_key"),
            Content = json.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
                ? content.Clone()
                : throw new FormatException("PDU field 'content' must be an object."),
            OriginServerTs = RequiredInteger(json, "origin_server_ts"),
            PrevEvents = StringArray(json, "prev_events"),
            AuthEvents = StringArray(json, "auth_events"),
            Depth = RequiredInteger(json, "depth"),
            ContentHash = json.TryGetProperty("hashes", out var hashes)
                && hashes.ValueKind == JsonValueKind.Object
                && hashes.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String
                    ? sha.GetString()!
                    : throw new FormatException("PDU field 'hashes.sha256' is missing."),
            Redacts = OptionalString(json, "redacts"),
            Unsigned = json.TryGetProperty("unsigned", out var unsigned) && unsigned.ValueKind == JsonValueKind.Object
                ? unsigned.Clone()
                : null,
        };
    }

    private static JsonArray ToArray(IReadOnlyList<string> ids)
    {
        var array = new JsonArray();
        foreach (var id in ids)
        {
            array.Add(id);
        }

        return array;
    }

    private static string RequiredString(JsonElement json, string name) =>
        OptionalString(json, name) ?? throw new FormatException($"PDU field '{name}' must be a string.");

    private static string? OptionalString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long RequiredInteger(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && CanonicalJson.TryGetInteger(value, out var number)
            ? number
            : throw new FormatException($"PDU field '{name}' must be an integer.");

    private static string[] StringArray(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"PDU field '{name}' must be an array.");
        }

        var result = new string[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new FormatException($"PDU field '{name}' must contain only strings.");
        }

        return result;
    }
}
