using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Api.Tests.E2ee.Keys;

/// <summary>Paths and request bodies of the keys API, built like a client builds them.</summary>
internal static class KeysApi
{
    public const string Upload = "/_matrix/client/v3/keys/upload";
    public const string Query = "/_matrix/client/v3/keys/query";
    public const string Claim = "/_matrix/client/v3/keys/claim";
    public const string DeviceSigningUpload = "/_matrix/client/v3/keys/device_signing/upload";
    public const string SignaturesUpload = "/_matrix/client/v3/keys/signatures/upload";

    public static JsonObject DeviceKeys(MatrixTestClient client, TestSigningKey key) => key.SignJson(
        new JsonObject
        {
            ["user_id"] = client.UserId,
            ["device_id"] = client.DeviceId,
            ["algorithms"] = new JsonArray("m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"),
            ["keys"] = new JsonObject
            {
                ["curve25519:" + client.DeviceId] = "curve-" + Guid.NewGuid().ToString("N"),
                ["ed25519:" + client.DeviceId] = key.PublicKey,
            },
        },
        client.UserId,
        "ed25519:" + client.DeviceId);

    public static JsonObject OneTimeKeys(MatrixTestClient client, TestSigningKey key, int count, string prefix = "k", bool fallback = false)
    {
        var keys = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            var value = new JsonObject { ["key"] = $"otk-{prefix}-{i}" };
            if (fallback)
            {
                value["fallback"] = true;
            }

            keys[$"signed_curve25519:{prefix}{i:D4}"] = key.SignJson(value, client.UserId, "ed25519:" + client.DeviceId);
        }

        return keys;
    }

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

    /// <summary>Uploads device keys and returns the device's signing key.</summary>
    public static async Task<TestSigningKey> UploadDeviceKeysAsync(MatrixTestClient client, int oneTimeKeys = 0)
    {
        var key = new TestSigningKey();
        var body = new JsonObject { ["device_keys"] = DeviceKeys(client, key) };
        if (oneTimeKeys > 0)
        {
            body["one_time_keys"] = OneTimeKeys(client, key, oneTimeKeys);
        }

        (await client.PostAsync(Upload, body)).AssertOk();
        return key;
    }

    public static JsonObject QueryBody(params string[] userIds) =>
        new() { ["device_keys"] = new JsonObject(userIds.Select(u => KeyValuePair.Create(u, (JsonNode?)new JsonArray()))) };

    public static JsonElement Path(this JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            element = element.GetProperty(name);
        }

        return element;
    }

    public static bool Has(this JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return false;
            }
        }

        return true;
    }
}
