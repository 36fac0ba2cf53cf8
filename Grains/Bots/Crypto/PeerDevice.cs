using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.E2ee.Keys;

namespace ClawChat.Grains.Bots.Crypto;

/// <summary>A device the bot encrypts for: its identity keys from a verified device-keys object.</summary>
internal sealed record PeerDevice(string UserId, string DeviceId, string Curve25519, string Ed25519)
{
    /// <summary><c>userId|deviceId|curve25519</c>: a device that re-created its keys counts as a new device.</summary>
    public string Id => UserId + "|" + DeviceId + "|" + Curve25519;

    /// <summary>Reads a device-keys object (DIGEST §12.2): it must name the user and device, support Olm and Megolm, and
    /// carry a valid signature by its own Ed25519 key.</summary>
    public static bool TryParse(string userId, string deviceId, JsonElement keys, [NotNullWhen(true)] out PeerDevice? device, out string reason)
    {
        device = null;
        if (keys.ValueKind != JsonValueKind.Object || JsonNode.Parse(keys.GetRawText()) is not JsonObject value)
        {
            reason = "device keys are not an object";
            return false;
        }

        if (SignedJson.GetString(value, "user_id") != userId || SignedJson.GetString(value, "device_id") != deviceId)
        {
            reason = "device keys name another user or device";
            return false;
        }

        if (value["algorithms"] is not JsonArray algorithms
            || !algorithms.Any(a => a?.GetValueKind() == JsonValueKind.String && a.GetValue<string>() == BotCryptoGrain.OlmAlgorithm))
        {
            reason = "the device does not support Olm";
            return false;
        }

        if (value["keys"] is not JsonObject keyMap
            || SignedJson.GetString(keyMap, "curve25519:" + deviceId) is not { } curve
            || SignedJson.GetString(keyMap, "ed25519:" + deviceId) is not { } ed
            || !Ed25519Keys.TryDecodePublicKey(ed, out var edBytes))
        {
            reason = "device keys lack a Curve25519 or Ed25519 key";
            return false;
        }

        if (!SignedJson.IsSignedBy(value, userId, "ed25519:" + deviceId, edBytes))
        {
            reason = "device keys are not self-signed";
            return false;
        }

        device = new PeerDevice(userId, deviceId, curve, ed);
        reason = string.Empty;
        return true;
    }
}
