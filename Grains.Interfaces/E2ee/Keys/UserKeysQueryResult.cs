using System.Text.Json;

namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>A user's keys as <c>POST /keys/query</c> shows them to one requester (DIGEST §12.2): device keys by
/// device ID and the cross-signing keys, each with the uploaded signatures the requester may see merged in. The
/// user-signing key is only set when the requester is the user. Device display names are not included.</summary>
public sealed record UserKeysQueryResult(
    IReadOnlyDictionary<string, JsonElement> DeviceKeys,
    JsonElement? MasterKey,
    JsonElement? SelfSigningKey,
    JsonElement? UserSigningKey);
