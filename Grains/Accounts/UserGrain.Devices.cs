using ClawChat.Grains.Interfaces.Accounts;

namespace ClawChat.Grains.Accounts;

/// <summary>Device listing, renaming and deletion (deletion revokes the device's token).</summary>
public sealed partial class UserGrain
{
    public Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync()
    {
        IReadOnlyList<DeviceInfo> devices = IsActive
            ? Account.Devices.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => ToInfo(d.Key, d.Value)).ToList()
            : [];
        return Task.FromResult(devices);
    }

    public Task<DeviceInfo?> GetDeviceAsync(string deviceId) => Task.FromResult(
        IsActive && Account.Devices.TryGetValue(deviceId, out var device) ? ToInfo(deviceId, device) : null);

    public async Task<bool> EnsureDeviceAsync(string deviceId, string? displayName)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        if (!IsActive || Account.Devices.ContainsKey(deviceId))
        {
            return false;
        }

        Account.Devices[deviceId] = new DeviceState { DisplayName = displayName, LastSeenTs = NowMs() };
        await _state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RenameDeviceAsync(string deviceId, string? displayName)
    {
        if (!IsActive || !Account.Devices.TryGetValue(deviceId, out var device))
        {
            return false;
        }

        if (!string.Equals(device.DisplayName, displayName, StringComparison.Ordinal))
        {
            device.DisplayName = displayName;
            await _state.WriteStateAsync();
        }

        return true;
    }

    public Task<IReadOnlyList<string>> DeleteDevicesAsync(IReadOnlyList<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var set = deviceIds.ToHashSet(StringComparer.Ordinal);
        return RemoveDevicesAsync(set.Contains);
    }

    private static DeviceInfo ToInfo(string deviceId, DeviceState device) =>
        new(deviceId, device.DisplayName, device.LastSeenIp, device.LastSeenTs);
}
