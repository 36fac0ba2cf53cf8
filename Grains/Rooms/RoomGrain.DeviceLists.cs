using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>Device-list tracking (DIGEST §12.5): membership changes tell the E2EE device-list fan-out who newly
/// shares, or no longer shares, this room with whom.</summary>
public sealed partial class RoomGrain
{
    /// <summary>
    /// A join (from anything but join) makes the user and every joined member track each other's devices
    /// ("changed"); a leave, kick or ban of a joined user makes the user and the remaining members check whether
    /// they still share a room ("left" if not). One-way calls to the user's fan-out grain, which does the work off
    /// this room's turn — the room never waits on user grains. Replays after a restart announce again, which only
    /// over-reports (allowed).
    /// </summary>
    /// <param name="changes">Users whose membership changed in the appended events → their latest member event.</param>
    /// <param name="joined">Joined members after the events.</param>
    private void PublishToDeviceLists(Dictionary<string, TimelineEntry> changes, List<string> joined)
    {
        foreach (var (userId, entry) in changes)
        {
            var membership = entry.Pdu.GetContentString("membership");
            var previous = PreviousMembership(entry);
            if (membership == Membership.Join && previous != Membership.Join)
            {
                _ = GrainFactory.GetGrain<IDeviceListFanoutGrain>(userId).OnJoinedAsync(_roomId, joined);
            }
            else if (previous == Membership.Join && membership != Membership.Join)
            {
                _ = GrainFactory.GetGrain<IDeviceListFanoutGrain>(userId).OnLeftAsync(_roomId, joined);
            }
        }
    }
}
