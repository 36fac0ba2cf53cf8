using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary><c>POST /keys/upload</c> (DIGEST §12.1): device keys, one-time keys and fallback keys of one device.</summary>
public sealed partial class UserKeysGrain
{
    public async Task<DeviceKeyCounts> UploadAsync(KeysUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var deviceId = upload.DeviceId;
        if (string.IsNullOrEmpty(deviceId) || deviceId.Length > E2eeKeyLimits.MaxKeyIdLength)
        {
            throw MatrixException.InvalidParam("Invalid device ID.");
        }

        Keys.Devices.TryGetValue(deviceId, out var existing);
        var deviceKeys = upload.DeviceKeys is { } uploaded ? ValidateDeviceKeys(uploaded, deviceId) : null;
        var deviceKeysChanged = deviceKeys is not null
            && (existing?.DeviceKeys is not { } stored || !SameCanonical(stored, deviceKeys));
        var oneTimeKeys = ValidateOneTimeKeys(upload.OneTimeKeys, existing);
        var fallbackKeys = ValidateFallbackKeys(upload.FallbackKeys, existing);
        if (!deviceKeysChanged && oneTimeKeys.Count == 0 && fallbackKeys.Count == 0)
        {
            return existing is null ? DeviceKeyCounts.Empty : CountsOf(existing);
        }

        var device = existing ?? new DeviceKeysState();
        Keys.Devices[deviceId] = device;
        if (deviceKeysChanged && deviceKeys is not null)
        {
            // Signatures uploaded for the old keys (by the self-signing key) no longer cover the new ones.
            if (device.DeviceKeys is { } old && !SameSigningContent(old, deviceKeys))
            {
                Keys.Signatures.Remove(deviceId);
            }

            device.DeviceKeys = deviceKeys;
        }

        foreach (var key in oneTimeKeys)
        {
            device.OneTimeKeys.Add(key);
            var algorithm = AlgorithmOf(key.KeyId);
            if (!device.OneTimeKeyAlgorithms.Contains(algorithm, StringComparer.Ordinal))
            {
                device.OneTimeKeyAlgorithms.Add(algorithm);
            }
        }

        foreach (var (algorithm, key) in fallbackKeys)
        {
            device.FallbackKeys[algorithm] = key;
        }

        await _state.WriteStateAsync();
        if (deviceKeysChanged)
        {
            Log.DeviceKeysUploaded(_logger, UserId, deviceId);
            await PublishDeviceListChangeAsync(UserId);
        }

        return CountsOf(device);
    }

    /// <summary>Checks the device keys name this user and device and carry the device's valid self-signature.</summary>
    private string ValidateDeviceKeys(JsonElement value, string deviceId)
    {
        var json = value.GetRawText();
        if (json.Length > E2eeKeyLimits.MaxKeyObjectChars)
        {
            throw MatrixException.InvalidParam($"'device_keys' is larger than {E2eeKeyLimits.MaxKeyObjectChars} characters.");
        }

        var keys = SignedJson.ParseObject(value, "'device_keys'");
        var userId = RequireString(keys, "user_id", "device_keys");
        var keysDeviceId = RequireString(keys, "device_id", "device_keys");
        if (!string.Equals(userId, UserId, StringComparison.Ordinal))
        {
            throw MatrixException.InvalidParam("'device_keys.user_id' must be the user ID of the access token.");
        }

        if (!string.Equals(keysDeviceId, deviceId, StringComparison.Ordinal))
        {
            throw MatrixException.InvalidParam("'device_keys.device_id' must be the device ID of the access token.");
        }

        if (keys["algorithms"] is not JsonArray algorithms || algorithms.Any(a => a is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw keys["algorithms"] is null
                ? MatrixException.MissingParam("'device_keys.algorithms' is required.")
                : MatrixException.BadJson("'device_keys.algorithms' must be an array of strings.");
        }

        if (keys["keys"] is not JsonObject publicKeys || publicKeys.Any(k => k.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw keys["keys"] is null
                ? MatrixException.MissingParam("'device_keys.keys' is required.")
                : MatrixException.BadJson("'device_keys.keys' must be an object of strings.");
        }

        var keyId = Ed25519Keys.Algorithm + ":" + deviceId;
        if (!Ed25519Keys.TryDecodePublicKey(SignedJson.GetString(publicKeys, keyId), out var ed25519))
        {
            throw MatrixException.InvalidParam($"'device_keys.keys' must hold the device's Ed25519 key '{keyId}' (32 bytes, unpadded base64).");
        }

        if (!SignedJson.IsSignedBy(keys, UserId, keyId, ed25519))
        {
            throw MatrixException.InvalidSignature($"'device_keys' must carry a valid signature by '{keyId}'.");
        }

        return json;
    }

    /// <summary>The new one-time keys of an upload in request order; identical re-uploads are dropped.</summary>
    private static List<OneTimeKeyRecord> ValidateOneTimeKeys(IReadOnlyDictionary<string, JsonElement>? keys, DeviceKeysState? device)
    {
        var result = new List<OneTimeKeyRecord>();
        if (keys is null || keys.Count == 0)
        {
            return result;
        }

        if (keys.Count > E2eeKeyLimits.MaxOneTimeKeysPerDevice)
        {
            throw TooManyOneTimeKeys();
        }

        var held = device?.OneTimeKeys.ToDictionary(k => k.KeyId, k => k.Json, StringComparer.Ordinal) ?? [];
        foreach (var (keyId, value) in keys)
        {
            ValidateKeyId(keyId, "one_time_keys");
            var json = ValidateKeyObject(value, keyId, allowString: true);
            if (held.TryGetValue(keyId, out var stored))
            {
                if (!SameCanonical(stored, json))
                {
                    throw MatrixException.InvalidParam($"One-time key '{keyId}' already exists with different content.");
                }

                continue;
            }

            result.Add(new OneTimeKeyRecord(keyId, json));
        }

        if (held.Count + result.Count > E2eeKeyLimits.MaxOneTimeKeysPerDevice)
        {
            throw TooManyOneTimeKeys();
        }

        return result;
    }

    /// <summary>The fallback keys of an upload that differ from the stored ones, by algorithm, as unused keys.</summary>
    private static List<(string Algorithm, FallbackKeyRecord Key)> ValidateFallbackKeys(IReadOnlyDictionary<string, JsonElement>? keys, DeviceKeysState? device)
    {
        var result = new List<(string, FallbackKeyRecord)>();
        if (keys is null || keys.Count == 0)
        {
            return result;
        }

        if (keys.Count > E2eeKeyLimits.MaxFallbackKeysPerUpload)
        {
            throw MatrixException.InvalidParam($"At most {E2eeKeyLimits.MaxFallbackKeysPerUpload} fallback keys may be uploaded at once.");
        }

        var algorithms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyId, value) in keys)
        {
            ValidateKeyId(keyId, "fallback_keys");
            var json = ValidateKeyObject(value, keyId, allowString: false);
            var algorithm = AlgorithmOf(keyId);
            if (!algorithms.Add(algorithm))
            {
                throw MatrixException.InvalidParam($"Only one fallback key per algorithm may be uploaded ('{algorithm}' appears twice).");
            }

            // Re-uploading the current fallback key keeps its used flag; any other key replaces it as unused.
            if (device is not null && device.FallbackKeys.TryGetValue(algorithm, out var stored)
                && string.Equals(stored.KeyId, keyId, StringComparison.Ordinal) && SameCanonical(stored.Json, json))
            {
                continue;
            }

            result.Add((algorithm, new FallbackKeyRecord(keyId, json, Used: false)));
        }

        return result;
    }

    private static void ValidateKeyId(string keyId, string field)
    {
        var colon = keyId.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == keyId.Length - 1 || keyId.Length > E2eeKeyLimits.MaxKeyIdLength)
        {
            throw MatrixException.InvalidParam($"'{field}' key IDs must be '<algorithm>:<key_id>' of at most {E2eeKeyLimits.MaxKeyIdLength} characters.");
        }
    }

    private static string ValidateKeyObject(JsonElement value, string keyId, bool allowString)
    {
        if (value.ValueKind != JsonValueKind.Object && !(allowString && value.ValueKind == JsonValueKind.String))
        {
            throw MatrixException.BadJson($"Key '{keyId}' must be a JSON object.");
        }

        var json = value.GetRawText();
        if (json.Length > E2eeKeyLimits.MaxOneTimeKeyChars)
        {
            throw MatrixException.InvalidParam($"Key '{keyId}' is larger than {E2eeKeyLimits.MaxOneTimeKeyChars} characters.");
        }

        _ = SignedJson.Canonical(JsonNode.Parse(json)!);
        return json;
    }

    private static MatrixException TooManyOneTimeKeys() => MatrixException.InvalidParam(
        $"A device may hold at most {E2eeKeyLimits.MaxOneTimeKeysPerDevice} unclaimed one-time keys; upload fewer.");

    private static string RequireString(JsonObject value, string name, string parent) => value[name] switch
    {
        null => throw MatrixException.MissingParam($"'{parent}.{name}' is required."),
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
        _ => throw MatrixException.BadJson($"'{parent}.{name}' must be a string."),
    };

    private static bool SameCanonical(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || SignedJson.Canonical(JsonNode.Parse(a)!).AsSpan().SequenceEqual(SignedJson.Canonical(JsonNode.Parse(b)!));

    private static bool SameSigningContent(string a, string b) =>
        SignedJson.SigningBytes(JsonNode.Parse(a)!.AsObject()).AsSpan().SequenceEqual(SignedJson.SigningBytes(JsonNode.Parse(b)!.AsObject()));
}
