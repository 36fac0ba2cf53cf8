using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.E2ee.DeviceLists;

/// <summary>
/// A user's device-list log (see <see cref="IDeviceListLogGrain"/>; DIGEST §12.4–12.5). One entry per tracked user
/// holding only the latest change, so the log is bounded by the number of users it ever shared a room with — and
/// by <see cref="MaxEntries"/>, past which the oldest entries are evicted and <see cref="DeviceListLogState.Floor"/>
/// makes older tokens over-report instead of missing changes.
/// </summary>
[GrainType("device-list-log")]
public sealed partial class DeviceListLogGrain : Grain, IDeviceListLogGrain
{
    internal const int MaxEntries = 100_000;

    private readonly IPersistentState<DeviceListLogState> _state;
    private readonly ILogger<DeviceListLogGrain> _logger;

    public DeviceListLogGrain([PersistentState("log")] IPersistentState<DeviceListLogState> state, ILogger<DeviceListLogGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private DeviceListLogState State => _state.State;

    public async Task<long> RecordAsync(IReadOnlyList<DeviceListUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);

        // A "left" that is already recorded as the latest entry says nothing new; every "changed" is news.
        var fresh = updates.Where(u => !(u.Left && State.Entries.TryGetValue(u.UserId, out var e) && e.Left)).ToList();
        if (fresh.Count == 0)
        {
            return State.Position;
        }

        var position = State.Position + 1;
        State.Position = position;
        foreach (var update in fresh)
        {
            State.Entries[update.UserId] = new DeviceListEntry(position, update.Left);
        }

        if (State.Entries.Count > MaxEntries)
        {
            var evicted = State.Entries.OrderBy(e => e.Value.Position).Take(State.Entries.Count - MaxEntries).ToList();
            foreach (var (userId, entry) in evicted)
            {
                State.Entries.Remove(userId);
                State.Floor = Math.Max(State.Floor, entry.Position);
            }

            Log.Evicted(_logger, GetPrimaryKeyString(), evicted.Count);
        }

        await _state.WriteStateAsync();
        _ = GrainFactory.GetGrain<ISyncGrain>(GetPrimaryKeyString()).OnDeviceListsAsync(position);
        return position;
    }

    public Task<DeviceListChanges> GetChangesAsync(long since)
    {
        if (since >= State.Position)
        {
            return Task.FromResult(DeviceListChanges.Empty(State.Position));
        }

        var all = since < State.Floor;
        var changed = new List<string>();
        var left = new List<string>();
        foreach (var (userId, entry) in State.Entries)
        {
            if (all || entry.Position > since)
            {
                (entry.Left ? left : changed).Add(userId);
            }
        }

        return Task.FromResult(new DeviceListChanges(changed, left, State.Position));
    }

    private static partial class Log
    {
        [LoggerMessage(3740, LogLevel.Warning, "Device-list log of {UserId} is full: evicted the {Count} oldest entries")]
        public static partial void Evicted(ILogger logger, string userId, int count);
    }
}
