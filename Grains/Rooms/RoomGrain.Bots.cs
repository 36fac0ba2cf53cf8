namespace ClawChat.Grains.Rooms;

/// <summary>AI bots (DESIGN §8): a bot member's conversation grain receives the room's new events (no polling), and
/// an invited bot decides whether to join.</summary>
public sealed partial class RoomGrain
{
    /// <param name="entries">The appended events.</param>
    /// <param name="changes">Users whose membership changed in them → their latest member event.</param>
    /// <param name="joined">Joined members after the events.</param>
    /// <param name="live">False when events are re-announced after a restart (do not answer them twice).</param>
    private void PublishToBots(IReadOnlyList<TimelineEntry> entries, Dictionary<string, TimelineEntry> changes, List<string> joined, bool live)
    {
        _ = entries;
        _ = changes;
        _ = joined;
        _ = live;
    }
}
