namespace ClawChat.Grains.Interfaces.Sync;

/// <summary>A parsed <c>GET /sync</c> request (DIGEST §6).</summary>
/// <param name="DeviceId">The requesting device (for <c>transaction_id</c> of its own events).</param>
/// <param name="Since">The <c>since</c> token, or null for an initial sync.</param>
/// <param name="TimeoutMs">How long to wait for something new (already capped by the gateway).</param>
/// <param name="FullState">Return the full state of every room (and do not wait).</param>
/// <param name="Filter">The filter (stored or inline), already parsed.</param>
/// <param name="PresenceEnabled">Whether presence is on (<c>ClawChat:Presence:Enabled</c>).</param>
public sealed record SyncRequest(
    string DeviceId,
    string? Since,
    int TimeoutMs,
    bool FullState,
    SyncFilter Filter,
    bool PresenceEnabled = true);
