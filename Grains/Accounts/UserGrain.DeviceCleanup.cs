using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.Backup;
using ClawChat.Grains.Interfaces.Push;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Accounts;

/// <summary>What goes with a deleted device (DIGEST §12, §13, §15): its encryption keys (the keys grain then tells
/// everyone sharing a room through <c>device_lists</c>), its to-device queue and the pushers its session created.
/// Runs after the device is gone from the account and its token is revoked; a failing step is logged and does not
/// undo the deletion (the device can no longer act, and each step is idempotent for a retry by the operator).</summary>
public sealed partial class UserGrain
{
    private async Task CleanUpDevicesAsync(IReadOnlyList<string> deviceIds)
    {
        if (deviceIds.Count == 0)
        {
            return;
        }

        var userId = GetPrimaryKeyString();
        try
        {
            var steps = new List<Task>(deviceIds.Count * 2 + 1)
            {
                GrainFactory.GetGrain<IUserKeysGrain>(userId).RemoveDevicesAsync(deviceIds),
            };
            var pushers = GrainFactory.GetGrain<IPushersGrain>(userId);
            foreach (var deviceId in deviceIds)
            {
                steps.Add(GrainFactory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(userId, deviceId)).ClearAsync());
                steps.Add(pushers.RemoveDevicePushersAsync(deviceId));
            }

            await Task.WhenAll(steps);
        }
        catch (Exception ex)
        {
            Log.DeviceCleanupFailed(_logger, userId, ex);
        }
    }

    /// <summary>A deactivated account's server-side key backups go too (as in Synapse); a failure is logged.</summary>
    private async Task DeleteKeyBackupsAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IKeyBackupGrain>(GetPrimaryKeyString()).DeleteAllAsync();
        }
        catch (Exception ex)
        {
            Log.KeyBackupCleanupFailed(_logger, GetPrimaryKeyString(), ex);
        }
    }
}
