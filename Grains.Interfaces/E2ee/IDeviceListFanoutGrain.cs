using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>
/// Tells everyone who shares a room with a user — and the user's own sync stream — that the user's device list or
/// keys changed (key: the user whose keys changed; DIGEST §12.5). Callers: the keys grain after device keys,
/// cross-signing keys or signatures change, and after devices are deleted. The receivers record the change durably
/// in their device-list log (<see cref="DeviceLists.IDeviceListLogGrain"/>), so it reaches
/// <c>device_lists.changed</c> and <c>/keys/changes</c>. Rooms also tell it when the user joined or left one, so
/// the members start (changed) or stop (left) tracking each other's devices.
/// </summary>
[Alias("device-list-fanout")]
public interface IDeviceListFanoutGrain : IGrainWithStringKey
{
    /// <summary>Publishes "this user's devices changed". Completes when every receiver has recorded it.</summary>
    Task PublishChangeAsync();

    /// <summary>The user joined <paramref name="roomId"/>, whose joined members are now
    /// <paramref name="joinedMembers"/>: each of them records "user changed", the user records "member changed" for
    /// each. One-way, so a room never waits on user grains.</summary>
    [OneWay]
    Task OnJoinedAsync(string roomId, IReadOnlyList<string> joinedMembers);

    /// <summary>The user left (or was kicked or banned from) <paramref name="roomId"/>, whose joined members are now
    /// <paramref name="remainingMembers"/>: each member that shares no joined room with the user any more records
    /// "user left", and the user records "member left" for each of them. One-way.</summary>
    [OneWay]
    Task OnLeftAsync(string roomId, IReadOnlyList<string> remainingMembers);
}
