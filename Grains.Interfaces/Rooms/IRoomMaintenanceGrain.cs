using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>
/// Room-side steps of room upgrades and alias maintenance, served by the room grain (same key and activation as
/// <see cref="IRoomGrain"/>). <see cref="IRoomUpgradeGrain"/> drives an upgrade through these steps.
/// </summary>
[Alias("room-maintenance")]
public interface IRoomMaintenanceGrain : IGrainWithStringKey
{
    /// <summary>Checks that <paramref name="sender"/> may send <c>m.room.tombstone</c> (403 M_FORBIDDEN otherwise)
    /// and returns the state an upgrade copies to the new room.</summary>
    [ReadOnly]
    Task<RoomUpgradeSnapshot> PrepareUpgradeAsync(string sender);

    /// <summary>Sends the tombstone pointing at <paramref name="replacementRoomId"/>, then (best effort) raises
    /// <c>events_default</c> and <c>invite</c> so that the old room goes quiet and clears its canonical alias.
    /// Returns the tombstone's event ID.</summary>
    Task<string> CompleteUpgradeAsync(string sender, string replacementRoomId);

    /// <summary>Removes <paramref name="alias"/> from the room's <c>m.room.canonical_alias</c> (as <paramref name="sender"/>)
    /// after the alias was deleted; false when nothing changed or the sender may not change it.</summary>
    Task<bool> RemoveCanonicalAliasAsync(string sender, string alias);
}
