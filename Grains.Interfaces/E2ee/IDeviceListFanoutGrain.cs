using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>
/// Tells everyone who shares a room with a user — and the user's own sync stream — that the user's device list or
/// keys changed (key: the user whose keys changed; DIGEST §12.5). Callers: the keys grain after device keys,
/// cross-signing keys or signatures change, and after devices are deleted. The receivers record the change durably
/// in their device-list log, so it reaches <c>device_lists.changed</c> and <c>/keys/changes</c>.
/// </summary>
[Alias("device-list-fanout")]
public interface IDeviceListFanoutGrain : IGrainWithStringKey
{
    /// <summary>Publishes "this user's devices changed". Completes when every receiver has recorded it.</summary>
    Task PublishChangeAsync();
}
