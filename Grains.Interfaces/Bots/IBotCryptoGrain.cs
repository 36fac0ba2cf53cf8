using System.Text.Json;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>
/// The end-to-end encryption of one bot's device (key: the bot's user ID; DESIGN §8, DIGEST §12–13): its Olm account
/// (created once, keys uploaded and one-time keys topped up), Olm sessions per peer device, inbound Megolm sessions per
/// (room, sender key, session) and one outbound Megolm session per room. The bot has no <c>/sync</c>: room keys are
/// read from the device's to-device inbox when an event needs them. One call at a time (the libolm objects are not
/// thread-safe and every call may change the pickled state).
/// </summary>
[Alias("bot-crypto")]
public interface IBotCryptoGrain : IGrainWithStringKey
{
    /// <summary>Creates the device's account on first use and makes sure its device keys and enough one-time keys
    /// are uploaded. Idempotent.</summary>
    Task<BotDeviceKeys> EnsureDeviceAsync();

    /// <summary>Decrypts the content of an <c>m.room.encrypted</c> room event (Megolm), reading new room keys from the
    /// device's to-device inbox when the session is unknown. Null when it cannot be decrypted.</summary>
    Task<BotDecryptedEvent?> DecryptAsync(string roomId, JsonElement content);

    /// <summary>Encrypts an event for the room with its outbound Megolm session, first sharing the room key with every
    /// device of every joined member that does not have it yet. Returns the <c>m.room.encrypted</c> content, with
    /// <c>m.relates_to</c> copied into the clear.</summary>
    Task<JsonElement> EncryptAsync(string roomId, string eventType, JsonElement content);
}
