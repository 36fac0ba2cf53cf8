using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// Upgrades one room (key: the old room ID) to a new room version (<c>POST /rooms/{roomId}/upgrade</c>, DIGEST §5).
/// One activation per old room, so concurrent upgrades of the same room run one after the other.
/// </summary>
[Alias("room-upgrade")]
public interface IRoomUpgradeGrain : IGrainWithStringKey
{
    /// <summary>Creates the replacement room, copies the important state, tombstones the old room and moves its
    /// local aliases and directory listing. Returns the new room ID. M_UNSUPPORTED_ROOM_VERSION, M_FORBIDDEN
    /// (no power to send the tombstone), M_NOT_FOUND (unknown room).</summary>
    [ResponseTimeout("00:01:00")]
    Task<string> UpgradeAsync(RoomUpgradeCommand command);
}
