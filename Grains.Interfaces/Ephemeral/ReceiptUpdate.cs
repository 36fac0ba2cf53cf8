namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>A receipt to record: <paramref name="ReceiptType"/> is <c>m.read</c> or <c>m.read.private</c>;
/// <paramref name="ThreadId"/> is null (unthreaded), <c>"main"</c> or a thread root ID (DIGEST §16).</summary>
public sealed record ReceiptUpdate(string UserId, string ReceiptType, string EventId, long Position, string? ThreadId, long Timestamp);
