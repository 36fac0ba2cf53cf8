namespace ClawChat.Grains.Rooms;

/// <summary>A client transaction (DIGEST §3.5) and the event it produced.</summary>
public sealed record RecentTransaction(string UserId, string DeviceId, string TxnId, string EventId, long Position);
