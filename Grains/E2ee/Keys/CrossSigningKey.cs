using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary>A validated cross-signing key (DIGEST §12.6): <c>{user_id, usage, keys: {"ed25519:&lt;pub&gt;": "&lt;pub&gt;"}, signatures?}</c>
/// with exactly one Ed25519 key.</summary>
internal sealed record CrossSigningKey(JsonObject Object, string Json, string PublicKey, byte[] PublicKeyBytes)
{
    public const string Master = "master";
    public const string SelfSigning = "self_signing";
    public const string UserSigning = "user_signing";

    /// <summary>The key ID its signatures are made under: <c>ed25519:&lt;public key&gt;</c>.</summary>
    public string KeyId => Ed25519Keys.Algorithm + ":" + PublicKey;

    /// <summary>Validates an uploaded key of <paramref name="userId"/> with <paramref name="usage"/>; 400 M_INVALID_PARAM
    /// (M_MISSING_PARAM, M_BAD_JSON for missing or mistyped fields) when it is not one.</summary>
    public static CrossSigningKey Parse(JsonElement value, string field, string usage, string userId)
    {
        var json = value.GetRawText();
        if (json.Length > E2eeKeyLimits.MaxKeyObjectChars)
        {
            throw MatrixException.InvalidParam($"'{field}' is larger than {E2eeKeyLimits.MaxKeyObjectChars} characters.");
        }

        var key = SignedJson.ParseObject(value, $"'{field}'");
        if (key["user_id"] is null)
        {
            throw MatrixException.MissingParam($"'{field}.user_id' is required.");
        }

        if (!string.Equals(SignedJson.GetString(key, "user_id"), userId, StringComparison.Ordinal))
        {
            throw MatrixException.InvalidParam($"'{field}.user_id' must be the user ID of the access token.");
        }

        if (key["usage"] is not JsonArray usages)
        {
            throw key["usage"] is null ? MatrixException.MissingParam($"'{field}.usage' is required.") : MatrixException.BadJson($"'{field}.usage' must be an array.");
        }

        if (!usages.Any(u => u is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == usage))
        {
            throw MatrixException.InvalidParam($"'{field}.usage' must contain '{usage}'.");
        }

        if (key["keys"] is not JsonObject keys || keys.Count != 1)
        {
            throw MatrixException.InvalidParam($"'{field}.keys' must hold exactly one key.");
        }

        var (keyId, publicKeyNode) = keys.First();
        var publicKey = publicKeyNode is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;
        if (publicKey is null
            || !string.Equals(keyId, Ed25519Keys.Algorithm + ":" + publicKey, StringComparison.Ordinal)
            || !Ed25519Keys.TryDecodePublicKey(publicKey, out var bytes))
        {
            throw MatrixException.InvalidParam($"'{field}.keys' must be {{\"ed25519:<public key>\": \"<public key>\"}} with a 32-byte unpadded base64 key.");
        }

        _ = SignedJson.SigningBytes(key);
        return new CrossSigningKey(key, json, publicKey, bytes);
    }

    /// <summary>A key this grain stored (validated on upload).</summary>
    public static CrossSigningKey FromStored(string json)
    {
        var key = JsonNode.Parse(json)!.AsObject();
        var publicKey = key["keys"]!.AsObject().First().Value!.GetValue<string>();
        Ed25519Keys.TryDecodePublicKey(publicKey, out var bytes);
        return new CrossSigningKey(key, json, publicKey, bytes);
    }
}
