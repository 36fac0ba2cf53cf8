namespace ClawChat.Grains.E2ee.ToDevice;

/// <summary>Persisted state of <see cref="ToDeviceInboxGrain"/>.</summary>
public sealed class ToDeviceInboxState
{
    /// <summary>The newest sequence ever assigned; kept when the inbox is cleared, so sequences are never reused and
    /// a token of a deleted device can never acknowledge a message of a new device with the same ID.</summary>
    public long LastSequence { get; set; }

    /// <summary>Pending messages, ascending by sequence (arrival order).</summary>
    public List<ToDeviceEntry> Messages { get; set; } = [];

    /// <summary>IDs of the most recent messages enqueued, oldest first (duplicate detection for retried sends).</summary>
    public List<string> RecentIds { get; set; } = [];
}
