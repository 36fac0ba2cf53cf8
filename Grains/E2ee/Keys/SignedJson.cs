using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Json;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary>Signed JSON objects (DIGEST §2 "Signing JSON"): the signed bytes are the canonical JSON of the object
/// without <c>signatures</c> and <c>unsigned</c>; signatures sit at <c>signatures[entity][algorithm:key_id]</c>.</summary>
internal static class SignedJson
{
    /// <summary>Parses an uploaded object; M_BAD_JSON unless it is a JSON object.</summary>
    public static JsonObject ParseObject(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw MatrixException.BadJson($"{what} must be a JSON object.");
        }

        return JsonNode.Parse(value.GetRawText()) as JsonObject ?? throw MatrixException.BadJson($"{what} must be a JSON object.");
    }

    /// <summary>The bytes a signature covers; M_BAD_JSON when the object is not valid canonical JSON (e.g. floats).</summary>
    public static byte[] SigningBytes(JsonObject value)
    {
        var copy = (JsonObject)value.DeepClone();
        copy.Remove("signatures");
        copy.Remove("unsigned");
        return Canonical(copy);
    }

    /// <summary>The canonical JSON of the whole object; M_BAD_JSON when it has none.</summary>
    public static byte[] Canonical(JsonNode value)
    {
        try
        {
            return CanonicalJson.Encode(value);
        }
        catch (CanonicalJsonException ex)
        {
            throw MatrixException.BadJson("Key objects must be canonical JSON: " + ex.Message);
        }
    }

    /// <summary>The signatures of <paramref name="entity"/> on the object (key ID → signature), empty when there are none;
    /// non-string values are skipped.</summary>
    public static Dictionary<string, string> SignaturesBy(JsonObject value, string entity)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value["signatures"] is JsonObject signatures && signatures[entity] is JsonObject byEntity)
        {
            foreach (var (keyId, signature) in byEntity)
            {
                if (signature is JsonValue text && text.GetValueKind() == JsonValueKind.String)
                {
                    result[keyId] = text.GetValue<string>();
                }
            }
        }

        return result;
    }

    /// <summary>Whether the object carries a valid signature of <paramref name="entity"/> under
    /// <paramref name="keyId"/> by <paramref name="publicKey"/>.</summary>
    public static bool IsSignedBy(JsonObject value, string entity, string keyId, byte[] publicKey) =>
        SignaturesBy(value, entity).TryGetValue(keyId, out var signature) && Ed25519Keys.Verify(publicKey, SigningBytes(value), signature);

    /// <summary>Adds signatures to <c>signatures[entity]</c>, keeping the ones already there.</summary>
    public static void MergeSignatures(JsonObject value, string entity, IReadOnlyDictionary<string, string> signatures)
    {
        if (signatures.Count == 0)
        {
            return;
        }

        if (value["signatures"] is not JsonObject all)
        {
            all = [];
            value["signatures"] = all;
        }

        if (all[entity] is not JsonObject byEntity)
        {
            byEntity = [];
            all[entity] = byEntity;
        }

        foreach (var (keyId, signature) in signatures)
        {
            byEntity[keyId] = signature;
        }
    }

    /// <summary>The string at <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? GetString(JsonObject value, string name) =>
        value[name] is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;
}
