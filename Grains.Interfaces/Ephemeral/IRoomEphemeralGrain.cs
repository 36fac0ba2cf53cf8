using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>
/// A room's ephemeral data (key: the room ID; DIGEST §16): who is typing (in memory, expiring on a grain timer),
/// the latest receipt per (user, receipt type, thread) (persisted), and which members' presence changed. Every
/// change moves the room's ephemeral version — a clock-based number that keeps growing across restarts — and
/// notifies the sync streams of the members who can see it (public changes: joined members; private
/// receipts: their owner only).
/// </summary>
[Alias("room-ephemeral")]
public interface IRoomEphemeralGrain : IGrainWithStringKey
{
    /// <summary>Starts (<paramref name="typing"/>) or stops typing; a start expires after <paramref name="timeoutMs"/>.</summary>
    Task SetTypingAsync(string userId, bool typing, int timeoutMs);

    /// <summary>Records a receipt; receipts only move forward (an older <paramref name="position"/> than the one
    /// held is ignored, DIGEST §16 practice). Returns whether it moved.</summary>
    Task<bool> SetReceiptAsync(ReceiptUpdate receipt);

    /// <summary>A member's presence changed (the presence grain announces it to each joined room).</summary>
    [OneWay]
    Task OnPresenceChangedAsync(string userId);

    /// <summary>What <paramref name="userId"/> sees of the room's ephemeral data after version
    /// <paramref name="sinceVersion"/> (null: initial sync — current typing and the latest receipts).</summary>
    [ReadOnly]
    Task<EphemeralSlice> GetAsync(string userId, long? sinceVersion);
}
