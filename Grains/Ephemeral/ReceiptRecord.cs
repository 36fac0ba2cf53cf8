namespace ClawChat.Grains.Ephemeral;

/// <summary>The latest receipt of one (user, receipt type, thread) in a room, and the ephemeral version it was set at.</summary>
public sealed record ReceiptRecord(string UserId, string ReceiptType, string? ThreadId, string EventId, long Position, long Timestamp, long Version);
