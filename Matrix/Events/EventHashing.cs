using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Identifiers;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Events;

/// <summary>Content hash, reference hash and event ID for room versions 4+ (DIGEST §3.2).</summary>
public static class EventHashing
{
    /// <summary>
    /// SHA-256 over the canonical JSON of the event without <c>unsigned</c>, <c>signatures</c> and
    /// <c>hashes</c>, as unpadded standard base64 — the value of <c>hashes.sha256</c>.
    /// </summary>
    public static string ComputeContentHash(JsonObject pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var copy = WithoutKeys(pdu, "unsigned", "signatures", "hashes");
        return UnpaddedBase64.Encode(SHA256.HashData(CanonicalJson.Encode(copy)));
    }

    /// <summary>Whether <c>hashes.sha256</c> matches the event's content.</summary>
    public static bool VerifyContentHash(JsonObject pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return pdu["hashes"] is JsonObject hashes
            && hashes["sha256"] is JsonValue value
            && value.TryGetValue<string>(out var stated)
            && string.Equals(stated, ComputeContentHash(pdu), StringComparison.Ordinal);
    }

    /// <summary>
    /// SHA-256 over the canonical JSON of the <em>redacted</em> event without <c>signatures</c> and
    /// <c>unsigned</c> (redaction already drops <c>unsigned</c> and any <c>age_ts</c>; <c>hashes</c> stays).
    /// </summary>
    public static byte[] ComputeReferenceHash(JsonObject pdu, RoomVersion version)
    {
        var redacted = EventRedaction.Redact(pdu, version);
        redacted.Remove("signatures");
        redacted.Remove("unsigned");
        return SHA256.HashData(CanonicalJson.Encode(redacted));
    }

    /// <summary><c>$</c> + URL-safe unpadded base64 of the reference hash.</summary>
    public static EventId ComputeEventId(JsonObject pdu, RoomVersion version) =>
        EventId.FromReferenceHash(ComputeReferenceHash(pdu, version));

    private static JsonObject WithoutKeys(JsonObject source, params ReadOnlySpan<string> keys)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (!keys.Contains(key))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
