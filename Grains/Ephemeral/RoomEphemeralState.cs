namespace ClawChat.Grains.Ephemeral;

/// <summary>Persisted state of <see cref="RoomEphemeralGrain"/>: the receipts and the last version handed out
/// (typing and presence are kept in memory only).</summary>
public sealed class RoomEphemeralState
{
    public long Version { get; set; }

    public List<ReceiptRecord> Receipts { get; set; } = [];
}
