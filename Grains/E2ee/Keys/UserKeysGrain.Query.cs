using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary><c>POST /keys/query</c> (DIGEST §12.2): the stored key objects with the uploaded signatures the
/// requester may see — those made by this user's own keys (everyone sees them) and those made by the requester
/// itself (e.g. its user-signing key on this user's master key, which nobody else sees).</summary>
public sealed partial class UserKeysGrain
{
    public Task<UserKeysQueryResult> QueryAsync(string requesterUserId, IReadOnlyList<string>? deviceIds)
    {
        ArgumentNullException.ThrowIfNull(requesterUserId);
        var devices = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        IEnumerable<string> wanted = deviceIds is { Count: > 0 } ? deviceIds : Keys.Devices.Keys;
        foreach (var deviceId in wanted)
        {
            if (!devices.ContainsKey(deviceId) && Keys.Devices.TryGetValue(deviceId, out var device) && device.DeviceKeys is { } json)
            {
                devices[deviceId] = WithVisibleSignatures(json, deviceId, requesterUserId);
            }
        }

        var master = Keys.MasterKey is { } masterKey ? WithVisibleSignatures(masterKey, CrossSigningPublicKeyOf(masterKey), requesterUserId) : (JsonElement?)null;
        var selfSigning = Keys.SelfSigningKey is { } selfSigningKey ? Parse(selfSigningKey) : (JsonElement?)null;
        var userSigning = Keys.UserSigningKey is { } userSigningKey && string.Equals(requesterUserId, UserId, StringComparison.Ordinal)
            ? Parse(userSigningKey)
            : (JsonElement?)null;
        return Task.FromResult(new UserKeysQueryResult(devices, master, selfSigning, userSigning));
    }

    public Task<CrossSigningKeys> GetCrossSigningKeysAsync() => Task.FromResult(new CrossSigningKeys(
        Keys.MasterKey is { } master ? Parse(master) : null,
        Keys.SelfSigningKey is { } selfSigning ? Parse(selfSigning) : null,
        Keys.UserSigningKey is { } userSigning ? Parse(userSigning) : null));

    private JsonElement WithVisibleSignatures(string json, string targetKeyId, string requesterUserId)
    {
        if (!Keys.Signatures.TryGetValue(targetKeyId, out var bySigner))
        {
            return Parse(json);
        }

        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var (signer, signatures) in bySigner)
        {
            if (string.Equals(signer, UserId, StringComparison.Ordinal) || string.Equals(signer, requesterUserId, StringComparison.Ordinal))
            {
                SignedJson.MergeSignatures(node, signer, signatures);
            }
        }

        return JsonSerializer.SerializeToElement(node);
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
