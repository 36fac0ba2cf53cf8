using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>A user's cross-signing keys (DIGEST §12.6), each optional: as uploaded to
/// <c>POST /keys/device_signing/upload</c> or as stored.</summary>
public sealed record CrossSigningKeys(JsonElement? MasterKey, JsonElement? SelfSigningKey, JsonElement? UserSigningKey)
{
    public static CrossSigningKeys None { get; } = new(null, null, null);
}
