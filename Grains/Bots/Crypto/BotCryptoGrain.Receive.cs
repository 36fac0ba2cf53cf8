using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;

namespace ClawChat.Grains.Bots.Crypto;

/// <summary>Receiving: Megolm room events, and the room keys that arrive Olm-encrypted in the device's to-device inbox.</summary>
public sealed partial class BotCryptoGrain
{
    /// <summary>Inbox pages read per drain at most (the rest is read by the next drain).</summary>
    private const int MaxInboxPages = 20;

    private const int InboxPage = 100;

    public async Task<BotDecryptedEvent?> DecryptAsync(string roomId, JsonElement content)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        try
        {
            await EnsureUploadedAsync();
            if (content.ValueKind != JsonValueKind.Object
                || Text(content, "algorithm") != MegolmAlgorithm
                || Text(content, "sender_key") is not { } senderKey
                || Text(content, "session_id") is not { } sessionId
                || Text(content, "ciphertext") is not { } ciphertext)
            {
                Log.Undecryptable(_logger, _botId, roomId, "not a Megolm event");
                return null;
            }

            var id = InboundKey(roomId, senderKey, sessionId);
            if (!State.InboundSessions.ContainsKey(id))
            {
                await DrainInboxAsync();
            }

            if (!State.InboundSessions.TryGetValue(id, out var pickled))
            {
                Log.Undecryptable(_logger, _botId, roomId, "unknown session " + sessionId);
                return null;
            }

            using var session = MegolmInboundSession.Unpickle(_pickleKey, pickled);
            var (plaintext, _) = session.Decrypt(ciphertext);
            if (JsonNode.Parse(plaintext) is not JsonObject payload
                || payload["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String
                || payload["content"] is not JsonObject decrypted
                || SignedJson.GetString(payload, "room_id") != roomId)
            {
                Log.Undecryptable(_logger, _botId, roomId, "bad payload (or another room's)");
                return null;
            }

            // m.relates_to travels in the clear (spec: E2EE module, "m.room.encrypted").
            if (decrypted["m.relates_to"] is null && content.TryGetProperty("m.relates_to", out var relation))
            {
                decrypted["m.relates_to"] = JsonNode.Parse(relation.GetRawText());
            }

            return new BotDecryptedEvent(type.GetValue<string>(), JsonSerializer.SerializeToElement(decrypted), senderKey);
        }
        catch (Exception ex) when (ex is OlmException or JsonException or FormatException)
        {
            Log.Undecryptable(_logger, _botId, roomId, ex.Message);
            return null;
        }
    }

    /// <summary>Reads the device's to-device inbox (the bot has no /sync; the inbox is the source of truth), keeping
    /// the room keys; the next take acknowledges what was processed. Tops one-time keys up when some were used.</summary>
    private async Task DrainInboxAsync()
    {
        var inbox = GrainFactory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(_botId, DeviceId));
        var usedOneTimeKeys = false;
        var roomKeys = new List<PendingRoomKey>();
        for (var page = 0; page < MaxInboxPages; page++)
        {
            var batch = await inbox.TakeAsync(State.ToDevicePosition, InboxPage);
            foreach (var message in batch.Messages)
            {
                try
                {
                    usedOneTimeKeys |= HandleToDevice(message, roomKeys);
                }
                catch (Exception ex) when (ex is OlmException or JsonException or FormatException or InvalidOperationException)
                {
                    Log.ToDeviceSkipped(_logger, _botId, message.Sender, ex.Message);
                }
            }

            await StoreVerifiedRoomKeysAsync(roomKeys);
            roomKeys.Clear();
            var moved = batch.Position != State.ToDevicePosition;
            State.ToDevicePosition = batch.Position;
            if (moved || batch.Messages.Count > 0)
            {
                await SaveAccountAsync();
            }

            if (batch.Messages.Count == 0)
            {
                break;
            }
        }

        if (usedOneTimeKeys)
        {
            await TopUpOneTimeKeysAsync();
        }
    }

    /// <summary>Handles one to-device message; true when it used one of our one-time keys.</summary>
    private bool HandleToDevice(ToDeviceMessage message, List<PendingRoomKey> roomKeys)
    {
        if (message.Type != EncryptedType)
        {
            return false;
        }

        var content = message.Content;
        if (Text(content, "algorithm") != OlmAlgorithm
            || Text(content, "sender_key") is not { } senderKey
            || !content.TryGetProperty("ciphertext", out var ciphertexts) || ciphertexts.ValueKind != JsonValueKind.Object
            || !ciphertexts.TryGetProperty(_keys!.Curve25519, out var mine) || mine.ValueKind != JsonValueKind.Object
            || !mine.TryGetProperty("type", out var typeValue) || !typeValue.TryGetInt32(out var type)
            || Text(mine, "body") is not { } body)
        {
            Log.ToDeviceSkipped(_logger, _botId, message.Sender, "not an Olm message for this device");
            return false;
        }

        var plaintext = DecryptOlm(senderKey, type, body, out var usedOneTimeKey);
        if (plaintext is null)
        {
            Log.ToDeviceSkipped(_logger, _botId, message.Sender, "no Olm session decrypts it");
            return usedOneTimeKey;
        }

        // The spec's checks on the Olm payload: the claimed sender, us as the recipient with our Ed25519 key.
        if (JsonNode.Parse(plaintext) is not JsonObject payload
            || SignedJson.GetString(payload, "sender") != message.Sender
            || SignedJson.GetString(payload, "recipient") != _botId
            || payload["recipient_keys"] is not JsonObject recipientKeys || SignedJson.GetString(recipientKeys, "ed25519") != _keys.Ed25519
            || payload["keys"] is not JsonObject senderKeys || SignedJson.GetString(senderKeys, "ed25519") is not { } senderEd25519)
        {
            Log.ToDeviceSkipped(_logger, _botId, message.Sender, "the Olm payload's sender or recipient does not match");
            return usedOneTimeKey;
        }

        if (SignedJson.GetString(payload, "type") != "m.room_key" || payload["content"] is not JsonObject roomKey)
        {
            return usedOneTimeKey; // other encrypted to-device events (key requests, verification) are not handled
        }

        if (SignedJson.GetString(roomKey, "algorithm") != MegolmAlgorithm
            || SignedJson.GetString(roomKey, "room_id") is not { } roomId
            || SignedJson.GetString(roomKey, "session_id") is not { } sessionId
            || SignedJson.GetString(roomKey, "session_key") is not { } sessionKey)
        {
            Log.ToDeviceSkipped(_logger, _botId, message.Sender, "malformed m.room_key");
            return usedOneTimeKey;
        }

        var id = InboundKey(roomId, senderKey, sessionId);
        if (State.InboundSessions.ContainsKey(id) || roomKeys.Any(k => k.Id == id))
        {
            return usedOneTimeKey; // a re-share never replaces the key we hold (it may start at a later index)
        }

        using var inbound = MegolmInboundSession.Create(sessionKey);
        if (inbound.SessionId != sessionId)
        {
            Log.ToDeviceSkipped(_logger, _botId, message.Sender, "m.room_key session_id does not match its key");
            return usedOneTimeKey;
        }

        roomKeys.Add(new PendingRoomKey(id, roomId, sessionId, inbound.Pickle(_pickleKey), message.Sender, senderKey, senderEd25519));
        return usedOneTimeKey;
    }

    /// <summary>Keeps the room keys whose Olm sender is a device of the claimed sender with the claimed Ed25519 key
    /// (spec, E2EE module: the <c>keys.ed25519</c> of an Olm payload must match the sending device's keys).</summary>
    private async Task StoreVerifiedRoomKeysAsync(List<PendingRoomKey> roomKeys)
    {
        foreach (var bySender in roomKeys.GroupBy(k => k.Sender, StringComparer.Ordinal))
        {
            var query = await GrainFactory.GetGrain<IUserKeysGrain>(bySender.Key).QueryAsync(_botId, null);
            var devices = new List<PeerDevice>();
            foreach (var (deviceId, keys) in query.DeviceKeys)
            {
                if (PeerDevice.TryParse(bySender.Key, deviceId, keys, out var device, out _))
                {
                    devices.Add(device);
                }
            }

            foreach (var key in bySender)
            {
                if (devices.Any(d => d.Curve25519 == key.SenderKey && d.Ed25519 == key.SenderEd25519))
                {
                    AddInboundSession(key.Id, key.Pickle);
                    Log.RoomKeyReceived(_logger, _botId, key.RoomId, key.SessionId);
                }
                else
                {
                    Log.ToDeviceSkipped(_logger, _botId, key.Sender, "the room key's sender keys match none of the sender's devices");
                }
            }
        }
    }

    /// <summary>Decrypts an Olm message with a known session of the peer, or (pre-key message) a new inbound session.</summary>
    private string? DecryptOlm(string senderKey, int type, string body, out bool usedOneTimeKey)
    {
        usedOneTimeKey = false;
        if (State.Sessions.TryGetValue(senderKey, out var pickles))
        {
            for (var i = 0; i < pickles.Count; i++)
            {
                using var session = OlmSession.Unpickle(_pickleKey, pickles[i]);
                if (type == OlmSession.PreKeyMessage && !session.MatchesInbound(senderKey, body))
                {
                    continue;
                }

                try
                {
                    var text = session.Decrypt(type, body);
                    pickles.RemoveAt(i);
                    pickles.Insert(0, session.Pickle(_pickleKey));
                    return text;
                }
                catch (OlmException) when (type != OlmSession.PreKeyMessage)
                {
                    // another session of this peer may be the right one
                }
            }
        }

        if (type != OlmSession.PreKeyMessage)
        {
            return null;
        }

        using var created = OlmSession.CreateInbound(_account!, senderKey, body);
        var plaintext = created.Decrypt(type, body);
        _account!.RemoveOneTimeKeys(created);
        usedOneTimeKey = true;
        AddOlmSession(senderKey, created.Pickle(_pickleKey));
        return plaintext;
    }

    private void AddOlmSession(string peerKey, string pickle)
    {
        if (!State.Sessions.TryGetValue(peerKey, out var pickles))
        {
            pickles = [];
            State.Sessions[peerKey] = pickles;
        }

        pickles.Insert(0, pickle);
        if (pickles.Count > MaxSessionsPerPeer)
        {
            pickles.RemoveRange(MaxSessionsPerPeer, pickles.Count - MaxSessionsPerPeer);
        }
    }

    private void AddInboundSession(string id, string pickle)
    {
        if (State.InboundSessions.Count >= MaxInboundSessions)
        {
            State.InboundSessions.Remove(State.InboundSessions.Keys.First());
        }

        State.InboundSessions[id] = pickle;
    }

    private static string InboundKey(string roomId, string senderKey, string sessionId) => roomId + "|" + senderKey + "|" + sessionId;

    private static string? Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
