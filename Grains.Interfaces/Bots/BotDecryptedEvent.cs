using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>The plaintext of an encrypted room event: its real type and content.</summary>
/// <param name="SenderKey">The Curve25519 key of the sending device.</param>
public sealed record BotDecryptedEvent(string Type, JsonElement Content, string SenderKey);
