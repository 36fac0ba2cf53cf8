namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>A bot device's public identity keys (unpadded base64).</summary>
public sealed record BotDeviceKeys(string DeviceId, string Curve25519, string Ed25519);
