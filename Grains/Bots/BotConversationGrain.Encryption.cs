using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Matrix.Events;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Bots;

/// <summary>Encrypted rooms (DESIGN §8): received <c>m.room.encrypted</c> events are decrypted by the bot device's
/// <see cref="IBotCryptoGrain"/> and then handled like any other event; in a room with <c>m.room.encryption</c> every
/// event the bot sends is encrypted first (never sent in the clear).</summary>
public sealed partial class BotConversationGrain
{
    /// <summary>Set once the room is known to be encrypted (encryption cannot be turned off again).</summary>
    private bool _encrypted;

    private IBotCryptoGrain Crypto => GrainFactory.GetGrain<IBotCryptoGrain>(_botId);

    /// <summary>The decrypted event, or null (logged) when the bot cannot read it — skipped, never retried.</summary>
    private async Task<BotRoomEvent?> DecryptAsync(BotRoomEvent e)
    {
        _encrypted = true;
        var decrypted = await Crypto.DecryptAsync(_roomId, e.Content);
        if (decrypted is null)
        {
            Log.Undecryptable(_logger, _key, e.EventId);
            return null;
        }

        return e with { Type = decrypted.Type, Content = decrypted.Content };
    }

    private async Task<(string Type, JsonElement Content)> EncryptIfNeededAsync(string type, JsonElement content)
    {
        _encrypted = _encrypted || await Room.GetStateEventAsync(_botId, EventTypes.Encryption, string.Empty) is not null;
        return _encrypted ? (BotCryptoGrain.EncryptedType, await Crypto.EncryptAsync(_roomId, type, content)) : (type, content);
    }

    /// <summary>A timeline event as the model context reads it: in an encrypted room the event and its bundled latest
    /// edit are decrypted (the room is the memory, also when it is encrypted); null when it is not a readable message.</summary>
    private async Task<JsonElement?> ReadableAsync(JsonElement e)
    {
        if (!_encrypted || JsonNode.Parse(e.GetRawText()) is not JsonObject node)
        {
            return e;
        }

        if (!await DecryptInPlaceAsync(node))
        {
            return null;
        }

        if (node["unsigned"] is JsonObject unsigned && unsigned["m.relations"] is JsonObject relations
            && relations[BotMessage.Replace] is JsonObject edit && !await DecryptInPlaceAsync(edit))
        {
            relations.Remove(BotMessage.Replace); // an unreadable edit: the original text stands
        }

        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>Replaces an encrypted event's type and content with the plaintext's; false when it cannot be read or is
    /// not a message.</summary>
    private async Task<bool> DecryptInPlaceAsync(JsonObject e)
    {
        if ((string?)e["type"] != BotCryptoGrain.EncryptedType)
        {
            return true;
        }

        if (e["content"] is not JsonObject content
            || await Crypto.DecryptAsync(_roomId, JsonSerializer.SerializeToElement(content)) is not { Type: EventTypes.Message } decrypted)
        {
            return false;
        }

        e["type"] = decrypted.Type;
        e["content"] = JsonNode.Parse(decrypted.Content.GetRawText());
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(7719, LogLevel.Debug, "Bot conversation {Key} skipped encrypted event {EventId}: it cannot be decrypted")]
        public static partial void Undecryptable(ILogger logger, string key, string eventId);
    }
}
