using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary>
/// A user's end-to-end encryption keys (see <see cref="IUserKeysGrain"/>). This file: counts, device removal and
/// publishing device-list changes; the other aspects live in <c>UserKeysGrain.*.cs</c>. Invariants: the grain is
/// not reentrant, so every read-modify-write below (above all a claim) is one turn and a one-time key is handed out
/// once; state is written before a call returns, and a failed write deactivates the activation, dropping the
/// in-memory change. Validation runs before any mutation, so a refused request changes nothing.
/// </summary>
[GrainType("user-keys")]
public sealed partial class UserKeysGrain : Grain, IUserKeysGrain
{
    private readonly IPersistentState<UserKeysState> _state;
    private readonly ILogger<UserKeysGrain> _logger;

    public UserKeysGrain([PersistentState("keys")] IPersistentState<UserKeysState> state, ILogger<UserKeysGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private UserKeysState Keys => _state.State;

    private string UserId => GetPrimaryKeyString();

    public Task<DeviceKeyCounts> GetKeyCountsAsync(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return Task.FromResult(Keys.Devices.TryGetValue(deviceId, out var device) ? CountsOf(device) : DeviceKeyCounts.Empty);
    }

    public async Task RemoveDevicesAsync(IReadOnlyList<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var removed = 0;
        foreach (var deviceId in deviceIds)
        {
            if (Keys.Devices.Remove(deviceId))
            {
                removed++;
            }

            Keys.Signatures.Remove(deviceId);
        }

        if (removed == 0)
        {
            return;
        }

        await _state.WriteStateAsync();
        Log.DevicesRemoved(_logger, UserId, removed);
        await PublishDeviceListChangeAsync(UserId);
    }

    private static DeviceKeyCounts CountsOf(DeviceKeysState device)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var algorithm in device.OneTimeKeyAlgorithms)
        {
            counts[algorithm] = 0;
        }

        foreach (var key in device.OneTimeKeys)
        {
            var algorithm = AlgorithmOf(key.KeyId);
            counts[algorithm] = counts.GetValueOrDefault(algorithm) + 1;
        }

        var unusedFallback = device.FallbackKeys.Where(f => !f.Value.Used).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        return new DeviceKeyCounts(counts, unusedFallback);
    }

    /// <summary>The part of a key ID before the first colon (IDs are validated to have one on upload).</summary>
    private static string AlgorithmOf(string keyId)
    {
        var colon = keyId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? keyId : keyId[..colon];
    }

    /// <summary>Tells everyone sharing a room with <paramref name="userId"/> that its keys changed (DIGEST §12.5). The
    /// change is already stored, so a failing fan-out is logged and does not fail the upload: a client retrying the
    /// identical upload would change nothing and publish nothing anyway.</summary>
    private async Task PublishDeviceListChangeAsync(string userId)
    {
        try
        {
            await GrainFactory.GetGrain<IDeviceListFanoutGrain>(userId).PublishChangeAsync();
        }
        catch (Exception ex)
        {
            Log.PublishFailed(_logger, userId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4300, LogLevel.Information, "{UserId} uploaded device keys for device {DeviceId}")]
        public static partial void DeviceKeysUploaded(ILogger logger, string userId, string deviceId);

        [LoggerMessage(4301, LogLevel.Information, "Dropped the keys of {Count} deleted device(s) of {UserId}")]
        public static partial void DevicesRemoved(ILogger logger, string userId, int count);

        [LoggerMessage(4302, LogLevel.Information, "{UserId} uploaded cross-signing keys (master replaced: {MasterReplaced})")]
        public static partial void CrossSigningKeysUploaded(ILogger logger, string userId, bool masterReplaced);

        [LoggerMessage(4303, LogLevel.Information, "{SignerUserId} uploaded {Count} signature(s) for keys of {UserId}")]
        public static partial void SignaturesUploaded(ILogger logger, string signerUserId, int count, string userId);

        [LoggerMessage(4304, LogLevel.Warning, "Publishing the device-list change of {UserId} failed; the keys are stored")]
        public static partial void PublishFailed(ILogger logger, string userId, Exception exception);
    }
}
