using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Json;

namespace ClawChat.Grains.Bots.Crypto;

/// <summary>Sending: one outbound Megolm session per room, its key shared over Olm with every device of every joined
/// member before they need it; rotated after <see cref="RotateAfterMessages"/> messages, <see cref="RotateAfter"/>, or
/// when a device that holds it is no longer in the room (so a member who left cannot read what follows).</summary>
public sealed partial class BotCryptoGrain
{
    internal const int RotateAfterMessages = 100;

    internal static readonly TimeSpan RotateAfter = TimeSpan.FromDays(7);

    public async Task<JsonElement> EncryptAsync(string roomId, string eventType, JsonElement content)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        ArgumentNullException.ThrowIfNull(eventType);
        try
        {
            return await EncryptCoreAsync(roomId, eventType, content);
        }
        catch (OlmException ex)
        {
            // Never a plaintext fallback: the caller gets an error and sends nothing.
            throw MatrixException.Unknown("The bot could not encrypt for this room: " + ex.Message);
        }
    }

    private async Task<JsonElement> EncryptCoreAsync(string roomId, string eventType, JsonElement content)
    {
        await EnsureUploadedAsync();
        var devices = await RoomDevicesAsync(roomId);
        var current = devices.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!State.Outbound.TryGetValue(roomId, out var outbound)
            || outbound.Messages >= RotateAfterMessages
            || now - outbound.CreatedTs >= (long)RotateAfter.TotalMilliseconds
            || outbound.SharedWith.Any(id => !current.Contains(id)))
        {
            using var created = MegolmOutboundSession.Create();
            outbound = new BotOutboundSession { Pickle = created.Pickle(_pickleKey), SessionId = created.SessionId, CreatedTs = now };
            State.Outbound[roomId] = outbound;
            // Our own copy, so that the bot can read its answers back from the timeline.
            using var own = MegolmInboundSession.Create(created.SessionKey);
            AddInboundSession(InboundKey(roomId, _keys!.Curve25519, outbound.SessionId), own.Pickle(_pickleKey));
        }

        using var session = MegolmOutboundSession.Unpickle(_pickleKey, outbound.Pickle);
        var missing = devices.Where(d => !outbound.SharedWith.Contains(d.Id, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            outbound.SharedWith.AddRange(await ShareRoomKeyAsync(roomId, session, missing));
        }

        var plaintext = new JsonObject
        {
            ["type"] = eventType,
            ["content"] = JsonNode.Parse(content.GetRawText()),
            ["room_id"] = roomId,
        };
        var ciphertext = session.Encrypt(plaintext.ToJsonString());
        outbound.Pickle = session.Pickle(_pickleKey);
        outbound.Messages++;
        await SaveAccountAsync();

        var encrypted = new JsonObject
        {
            ["algorithm"] = MegolmAlgorithm,
            ["sender_key"] = _keys!.Curve25519,
            ["ciphertext"] = ciphertext,
            ["session_id"] = outbound.SessionId,
            ["device_id"] = DeviceId,
        };
        if (content.TryGetProperty("m.relates_to", out var relation))
        {
            encrypted["m.relates_to"] = JsonNode.Parse(relation.GetRawText());
        }

        return JsonSerializer.SerializeToElement(encrypted);
    }

    /// <summary>Every device of every joined member with valid, self-signed device keys, except this one.</summary>
    private async Task<List<PeerDevice>> RoomDevicesAsync(string roomId)
    {
        var members = await GrainFactory.GetGrain<IRoomGrain>(roomId).GetJoinedMembersAsync(_botId);
        var results = await Task.WhenAll(members.Select(m => GrainFactory.GetGrain<IUserKeysGrain>(m.UserId).QueryAsync(_botId, null)));
        var devices = new List<PeerDevice>();
        for (var i = 0; i < members.Count; i++)
        {
            var userId = members[i].UserId;
            foreach (var (deviceId, keys) in results[i].DeviceKeys)
            {
                if (userId == _botId && deviceId == DeviceId)
                {
                    continue;
                }

                if (PeerDevice.TryParse(userId, deviceId, keys, out var device, out var reason))
                {
                    devices.Add(device);
                }
                else
                {
                    Log.DeviceSkipped(_logger, _botId, userId, deviceId, reason);
                }
            }
        }

        return devices;
    }

    /// <summary>Sends the session's current key as an Olm-encrypted <c>m.room_key</c> to each device, creating Olm
    /// sessions from claimed one-time keys where needed. Returns the devices it was sent to.</summary>
    private async Task<List<string>> ShareRoomKeyAsync(string roomId, MegolmOutboundSession session, List<PeerDevice> devices)
    {
        await EnsureOlmSessionsAsync(devices.Where(d => !State.Sessions.ContainsKey(d.Curve25519)).ToList());
        var roomKey = new JsonObject
        {
            ["algorithm"] = MegolmAlgorithm,
            ["room_id"] = roomId,
            ["session_id"] = session.SessionId,
            ["session_key"] = session.SessionKey,
        };
        var messages = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
        var shared = new List<string>();
        foreach (var device in devices)
        {
            if (!State.Sessions.TryGetValue(device.Curve25519, out var pickles) || pickles.Count == 0)
            {
                Log.DeviceSkipped(_logger, _botId, device.UserId, device.DeviceId, "no Olm session (no one-time key to claim)");
                continue;
            }

            var payload = new JsonObject
            {
                ["type"] = "m.room_key",
                ["content"] = roomKey.DeepClone(),
                ["sender"] = _botId,
                ["sender_device"] = DeviceId,
                ["keys"] = new JsonObject { ["ed25519"] = _keys!.Ed25519 },
                ["recipient"] = device.UserId,
                ["recipient_keys"] = new JsonObject { ["ed25519"] = device.Ed25519 },
            };
            using var olm = OlmSession.Unpickle(_pickleKey, pickles[0]);
            var (type, body) = olm.Encrypt(payload.ToJsonString());
            pickles[0] = olm.Pickle(_pickleKey);
            var content = new JsonObject
            {
                ["algorithm"] = OlmAlgorithm,
                ["sender_key"] = _keys.Curve25519,
                ["ciphertext"] = new JsonObject { [device.Curve25519] = new JsonObject { ["type"] = type, ["body"] = body } },
            };
            if (!messages.TryGetValue(device.UserId, out var byDevice))
            {
                byDevice = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                messages[device.UserId] = byDevice;
            }

            byDevice[device.DeviceId] = JsonSerializer.SerializeToElement(content);
            shared.Add(device.Id);
        }

        // The advanced Olm ratchets are written before the messages leave.
        await SaveAccountAsync();
        if (messages.Count > 0)
        {
            await GrainFactory.GetGrain<IToDeviceSenderGrain>(_botId).SendAsync(new SendToDeviceRequest(
                DeviceId,
                EncryptedType,
                "botkey" + Guid.NewGuid().ToString("N"),
                messages.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, JsonElement>)m.Value, StringComparer.Ordinal)));
        }

        Log.RoomKeyShared(_logger, _botId, roomId, session.SessionId, shared.Count);
        return shared;
    }

    /// <summary>Claims a <c>signed_curve25519</c> one-time key per device, checks its signature by the device's Ed25519
    /// key and starts an outbound Olm session with it.</summary>
    private async Task EnsureOlmSessionsAsync(List<PeerDevice> devices)
    {
        foreach (var user in devices.GroupBy(d => d.UserId, StringComparer.Ordinal))
        {
            var claimed = await GrainFactory.GetGrain<IUserKeysGrain>(user.Key)
                .ClaimAsync(user.ToDictionary(d => d.DeviceId, _ => SignedCurve25519, StringComparer.Ordinal));
            foreach (var device in user)
            {
                if (!claimed.TryGetValue(device.DeviceId, out var key))
                {
                    continue;
                }

                if (key.Key.ValueKind != JsonValueKind.Object
                    || JsonNode.Parse(key.Key.GetRawText()) is not JsonObject signed
                    || SignedJson.GetString(signed, "key") is not { } oneTimeKey
                    || !UnpaddedBase64.TryDecode(device.Ed25519, out var ed25519)
                    || !SignedJson.IsSignedBy(signed, device.UserId, "ed25519:" + device.DeviceId, ed25519))
                {
                    Log.DeviceSkipped(_logger, _botId, device.UserId, device.DeviceId, "the claimed one-time key is not signed by the device");
                    continue;
                }

                using var session = OlmSession.CreateOutbound(_account!, device.Curve25519, oneTimeKey);
                AddOlmSession(device.Curve25519, session.Pickle(_pickleKey));
            }
        }
    }
}
