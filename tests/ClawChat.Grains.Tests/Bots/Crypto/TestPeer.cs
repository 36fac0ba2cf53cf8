using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Runtime;

namespace ClawChat.Grains.Tests.Bots.Crypto;

/// <summary>A client device in a test, doing what a Matrix client does with libolm: uploads signed keys, decrypts the
/// Olm to-device messages it receives, and sends room keys over Olm.</summary>
internal sealed class TestPeer(string userId, string deviceId) : IDisposable
{
    private readonly List<OlmSession> _sessions = [];

    public string UserId => userId;

    public string DeviceId => deviceId;

    public OlmAccount Account { get; } = OlmAccount.Create();

    public string Curve25519 => Account.IdentityKeys().Curve25519;

    public string Ed25519 => Account.IdentityKeys().Ed25519;

    public async Task UploadKeysAsync(IGrainFactory factory, int oneTimeKeys)
    {
        var deviceKeys = new JsonObject
        {
            ["user_id"] = userId,
            ["device_id"] = deviceId,
            ["algorithms"] = new JsonArray(BotCryptoGrain.OlmAlgorithm, BotCryptoGrain.MegolmAlgorithm),
            ["keys"] = new JsonObject { ["curve25519:" + deviceId] = Curve25519, ["ed25519:" + deviceId] = Ed25519 },
        };
        Sign(deviceKeys);
        Account.GenerateOneTimeKeys(oneTimeKeys);
        var keys = Account.OneTimeKeys().ToDictionary(k => "signed_curve25519:" + k.Key, k =>
        {
            var key = new JsonObject { ["key"] = k.Value };
            Sign(key);
            return JsonSerializer.SerializeToElement(key);
        });
        await factory.GetGrain<IUserKeysGrain>(userId).UploadAsync(new KeysUpload(deviceId, JsonSerializer.SerializeToElement(deviceKeys), keys, null));
        Account.MarkKeysAsPublished();
    }

    /// <summary>Decrypts an Olm <c>m.room.encrypted</c> to-device content sent to this device.</summary>
    public JsonObject DecryptToDevice(JsonElement content)
    {
        var senderKey = content.GetProperty("sender_key").GetString()!;
        var mine = content.GetProperty("ciphertext").GetProperty(Curve25519);
        var type = mine.GetProperty("type").GetInt32();
        var body = mine.GetProperty("body").GetString()!;
        foreach (var existing in _sessions)
        {
            if (type != OlmSession.PreKeyMessage || existing.MatchesInbound(senderKey, body))
            {
                return (JsonObject)JsonNode.Parse(existing.Decrypt(type, body))!;
            }
        }

        var session = OlmSession.CreateInbound(Account, senderKey, body);
        _sessions.Add(session);
        Account.RemoveOneTimeKeys(session);
        return (JsonObject)JsonNode.Parse(session.Decrypt(type, body))!;
    }

    /// <summary>Sends an Olm-encrypted <c>m.room_key</c> for <paramref name="session"/> to a device whose one-time key
    /// is claimed first.</summary>
    public async Task SendRoomKeyAsync(IGrainFactory factory, string roomId, MegolmOutboundSession session, string toUser, string toDevice, string toCurve, string toEd, string? recipient = null, string? claimedEd25519 = null)
    {
        var claimed = await factory.GetGrain<IUserKeysGrain>(toUser).ClaimAsync(new Dictionary<string, string> { [toDevice] = "signed_curve25519" });
        var oneTimeKey = claimed[toDevice].Key.GetProperty("key").GetString()!;
        using var olm = OlmSession.CreateOutbound(Account, toCurve, oneTimeKey);
        var payload = new JsonObject
        {
            ["type"] = "m.room_key",
            ["content"] = new JsonObject
            {
                ["algorithm"] = BotCryptoGrain.MegolmAlgorithm,
                ["room_id"] = roomId,
                ["session_id"] = session.SessionId,
                ["session_key"] = session.SessionKey,
            },
            ["sender"] = userId,
            ["sender_device"] = deviceId,
            ["keys"] = new JsonObject { ["ed25519"] = claimedEd25519 ?? Ed25519 },
            ["recipient"] = recipient ?? toUser,
            ["recipient_keys"] = new JsonObject { ["ed25519"] = toEd },
        };
        var (type, body) = olm.Encrypt(payload.ToJsonString());
        var content = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["algorithm"] = BotCryptoGrain.OlmAlgorithm,
            ["sender_key"] = Curve25519,
            ["ciphertext"] = new JsonObject { [toCurve] = new JsonObject { ["type"] = type, ["body"] = body } },
        });
        await factory.GetGrain<IToDeviceSenderGrain>(userId).SendAsync(new SendToDeviceRequest(deviceId, "m.room.encrypted", Guid.NewGuid().ToString("N"),
            new Dictionary<string, IReadOnlyDictionary<string, JsonElement>> { [toUser] = new Dictionary<string, JsonElement> { [toDevice] = content } }));
    }

    /// <summary>The <c>m.room.encrypted</c> content of a room event encrypted with <paramref name="session"/>.</summary>
    public JsonElement EncryptRoomEvent(MegolmOutboundSession session, string roomId, string type, JsonObject content) =>
        JsonSerializer.SerializeToElement(new JsonObject
        {
            ["algorithm"] = BotCryptoGrain.MegolmAlgorithm,
            ["sender_key"] = Curve25519,
            ["ciphertext"] = session.Encrypt(new JsonObject { ["type"] = type, ["content"] = content, ["room_id"] = roomId }.ToJsonString()),
            ["session_id"] = session.SessionId,
            ["device_id"] = deviceId,
        });

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }

        Account.Dispose();
    }

    private void Sign(JsonObject value) =>
        SignedJson.MergeSignatures(value, userId, new Dictionary<string, string> { ["ed25519:" + deviceId] = Account.Sign(SignedJson.SigningBytes(value)) });
}
