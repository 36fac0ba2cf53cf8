using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

/// <summary>Key objects as clients build them.</summary>
internal static class TestKeys
{
    public static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    /// <summary>Signed device keys of <paramref name="deviceId"/>, self-signed by <paramref name="key"/>.</summary>
    public static JsonObject DeviceKeys(string userId, string deviceId, TestSigningKey key) => key.SignJson(
        new JsonObject
        {
            ["user_id"] = userId,
            ["device_id"] = deviceId,
            ["algorithms"] = new JsonArray("m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"),
            ["keys"] = new JsonObject
            {
                ["curve25519:" + deviceId] = "curve-" + Guid.NewGuid().ToString("N"),
                ["ed25519:" + deviceId] = key.PublicKey,
            },
        },
        userId,
        "ed25519:" + deviceId);

    /// <summary>A signed one-time key object <c>{key, signatures}</c>.</summary>
    public static JsonObject OneTimeKey(string userId, string deviceId, TestSigningKey deviceKey, string? key = null, bool fallback = false)
    {
        var value = new JsonObject { ["key"] = key ?? "otk-" + Guid.NewGuid().ToString("N") };
        if (fallback)
        {
            value["fallback"] = true;
        }

        return deviceKey.SignJson(value, userId, "ed25519:" + deviceId);
    }

    /// <summary>A cross-signing key of <paramref name="usage"/>, signed by <paramref name="signer"/> when given.</summary>
    public static JsonObject CrossSigningKey(string userId, string usage, TestSigningKey key, TestSigningKey? signer = null)
    {
        var value = new JsonObject
        {
            ["user_id"] = userId,
            ["usage"] = new JsonArray(usage),
            ["keys"] = new JsonObject { ["ed25519:" + key.PublicKey] = key.PublicKey },
        };
        return signer is null ? value : signer.SignJson(value, userId, "ed25519:" + signer.PublicKey);
    }

    /// <summary><paramref name="count"/> one-time keys with IDs <c>signed_curve25519:{prefix}{i}</c>, in order.</summary>
    public static Dictionary<string, JsonElement> OneTimeKeys(string userId, string deviceId, TestSigningKey deviceKey, int count, string prefix = "k")
    {
        var keys = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            keys[$"signed_curve25519:{prefix}{i:D4}"] = Element(OneTimeKey(userId, deviceId, deviceKey));
        }

        return keys;
    }
}
