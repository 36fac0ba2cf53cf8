using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee.DeviceLists;

/// <summary>
/// A user's durable device-list log (key: the receiving user's ID; DIGEST §12.4, §12.5): a monotonic position and,
/// per tracked user, the position of the latest change and whether it was "changed" or "left". One entry per
/// tracked user, so it is bounded by the number of users. The sync token carries a position of this log;
/// <c>device_lists</c> and <c>/keys/changes</c> list the entries past it.
/// </summary>
[Alias("device-list-log")]
public interface IDeviceListLogGrain : IGrainWithStringKey
{
    /// <summary>Records the updates durably at a new position (a user listed twice: the last update wins) and tells
    /// the owner's sync stream. Returns the new position.</summary>
    Task<long> RecordAsync(IReadOnlyList<DeviceListUpdate> updates);

    /// <summary>Entries whose latest change is past <paramref name="since"/>, with the log's current position. There
    /// is no upper bound: an entry keeps only its latest position, so bounding by a later token could hide a change
    /// made in between (over-reporting is allowed, missing one is not; DIGEST §12.5).</summary>
    [ReadOnly]
    Task<DeviceListChanges> GetChangesAsync(long since);
}
