namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>PUT /rooms/{roomId}/redact/{eventId}/{txnId}</c>.</summary>
public sealed record RedactCommand(string Sender, string DeviceId, string TxnId, string TargetEventId, string? Reason);
