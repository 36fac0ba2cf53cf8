using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>
/// A user's end-to-end encryption keys (key: the user ID; DIGEST §12): device keys, one-time and fallback keys per
/// device, cross-signing keys and the signatures uploaded for them. The single writer of those keys, so a claim
/// hands out each one-time key exactly once. The keys engineer adds the upload/query/claim/cross-signing members;
/// the members below are what other parts (sync, accounts) rely on.
/// </summary>
[Alias("user-keys")]
public interface IUserKeysGrain : IGrainWithStringKey
{
    /// <summary>Unclaimed one-time keys per algorithm and unused fallback key algorithms of one device, for
    /// <c>/sync</c>'s <c>device_one_time_keys_count</c> and <c>device_unused_fallback_key_types</c>.</summary>
    [ReadOnly]
    Task<DeviceKeyCounts> GetKeyCountsAsync(string deviceId);

    /// <summary>Drops every key of the given devices (they were deleted or logged out) and, when any device had
    /// keys, publishes a device-list change (<see cref="IDeviceListFanoutGrain"/>). Idempotent.</summary>
    Task RemoveDevicesAsync(IReadOnlyList<string> deviceIds);
}
