using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>One <c>POST /keys/upload</c> of a device (DIGEST §12.1): its signed device keys, new one-time keys and new
/// fallback keys (key ID <c>algorithm:id</c> → the key object), each part optional.</summary>
public sealed record KeysUpload(
    string DeviceId,
    JsonElement? DeviceKeys,
    IReadOnlyDictionary<string, JsonElement>? OneTimeKeys,
    IReadOnlyDictionary<string, JsonElement>? FallbackKeys);
