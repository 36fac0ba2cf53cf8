namespace ClawChat.Grains.E2ee.DeviceLists;

/// <summary>Persisted state of <see cref="DeviceListLogGrain"/>.</summary>
public sealed class DeviceListLogState
{
    /// <summary>The position of the latest recorded batch.</summary>
    public long Position { get; set; }

    /// <summary>Entries evicted by the size bound were at or below this position: a token older than it gets every
    /// entry (over-reporting is allowed).</summary>
    public long Floor { get; set; }

    /// <summary>Tracked user → latest change.</summary>
    public Dictionary<string, DeviceListEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
