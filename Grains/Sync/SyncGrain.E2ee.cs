using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.DeviceLists;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Matrix.Errors;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Sync;

/// <summary>
/// The E2EE streams of a sync (DIGEST §6, §12.5, §13): the requesting device's to-device inbox, the user's
/// device-list log and the device's key counts. The inbox and the log are the sources of truth and are read on
/// every sync; what is kept here (<see cref="_toDevice"/>, <see cref="_deviceListPosition"/>) only decides whether
/// a long-poll has something to return.
/// </summary>
public sealed partial class SyncGrain
{
    /// <summary>To-device messages per response (DIGEST §13: about 100; the rest go with the next sync).</summary>
    internal const int MaxToDevicePerSync = 100;

    /// <summary>Devices whose inbox position is remembered; past it the hints are dropped and re-read on demand
    /// (a user has a handful of devices; this only bounds notices for devices that no longer exist).</summary>
    private const int MaxTrackedDevices = 1_000;

    /// <summary>Device → newest inbox sequence known (from notices and reads).</summary>
    private readonly Dictionary<string, long> _toDevice = new(StringComparer.Ordinal);

    public Task OnToDeviceAsync(string deviceId, long sequence)
    {
        if (MergeToDevice(deviceId, sequence))
        {
            Signal();
        }

        return Task.CompletedTask;
    }

    public Task OnDeviceListsAsync(long position)
    {
        if (position > _deviceListPosition)
        {
            _deviceListPosition = position;
            Signal();
        }

        return Task.CompletedTask;
    }

    public async Task<DeviceListChanges> GetKeyChangesAsync(string from, string? to)
    {
        if (!SyncToken.TryParse(from, out var fromToken))
        {
            throw MatrixException.InvalidParam("'from' is not a valid sync token.");
        }

        if (to is not null && !SyncToken.TryParse(to, out _))
        {
            throw MatrixException.InvalidParam("'to' is not a valid sync token.");
        }

        // No upper bound from `to`: the log keeps only each user's latest change, and over-reporting is allowed.
        return await GrainFactory.GetGrain<IDeviceListLogGrain>(_userId).GetChangesAsync(fromToken.DeviceLists);
    }

    /// <summary>Remembers the inbox position of a device that has not been seen in this activation, so a long-poll
    /// after a restart wakes for messages queued before it.</summary>
    private async Task EnsureToDeviceKnownAsync(string deviceId)
    {
        if (_toDevice.ContainsKey(deviceId))
        {
            return;
        }

        try
        {
            MergeToDevice(deviceId, await GrainFactory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(_userId, deviceId)).GetLastSequenceAsync());
        }
        catch (Exception ex)
        {
            Log.ToDeviceFailed(_logger, _userId, deviceId, ex);
        }
    }

    private bool MergeToDevice(string deviceId, long sequence)
    {
        if (_toDevice.TryGetValue(deviceId, out var known) && known >= sequence)
        {
            return false;
        }

        if (_toDevice.Count >= MaxTrackedDevices && !_toDevice.ContainsKey(deviceId))
        {
            _toDevice.Clear();
        }

        _toDevice[deviceId] = sequence;
        return true;
    }

    /// <summary>The E2EE parts of a response. <paramref name="since"/> is the parsed <c>since</c> token even when its
    /// checkpoint expired: its to-device position still acknowledges messages, its device-list position still
    /// bounds <c>device_lists</c>.</summary>
    private async Task<E2eeParts> ReadE2eeAsync(string deviceId, SyncToken? since)
    {
        var toDeviceTask = TakeToDeviceAsync(deviceId, since?.ToDevice ?? 0);
        var deviceListsTask = DeviceListsAsync(since?.DeviceLists);
        var keyCountsTask = KeyCountsAsync(deviceId);
        var (messages, toDevicePosition) = await toDeviceTask;
        var (deviceLists, deviceListPosition) = await deviceListsTask;
        return new E2eeParts(messages, toDevicePosition, deviceLists, deviceListPosition, await keyCountsTask);
    }

    private async Task<(IReadOnlyList<ToDeviceMessage> Messages, long Position)> TakeToDeviceAsync(string deviceId, long after)
    {
        try
        {
            var batch = await GrainFactory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(_userId, deviceId)).TakeAsync(after, MaxToDevicePerSync);
            MergeToDevice(deviceId, batch.LastSequence);
            return (batch.Messages, batch.Position);
        }
        catch (Exception ex)
        {
            // Nothing delivered, nothing acknowledged beyond the token: the next sync tries again.
            Log.ToDeviceFailed(_logger, _userId, deviceId, ex);
            return ([], after);
        }
    }

    /// <summary><c>device_lists</c> past <paramref name="since"/> (null: initial sync — nothing, only the position).</summary>
    private async Task<(DeviceListChanges? Changes, long Position)> DeviceListsAsync(long? since)
    {
        try
        {
            var changes = await GrainFactory.GetGrain<IDeviceListLogGrain>(_userId).GetChangesAsync(since ?? long.MaxValue);
            _deviceListPosition = Math.Max(_deviceListPosition, changes.Position);
            return (since is null ? null : changes, since is null ? changes.Position : Math.Max(since.Value, changes.Position));
        }
        catch (Exception ex)
        {
            // The token keeps its position, so the changes are reported by the next sync that can read the log.
            Log.DeviceListsFailed(_logger, _userId, ex);
            return (null, since ?? 0);
        }
    }

    private async Task<DeviceKeyCounts> KeyCountsAsync(string deviceId)
    {
        try
        {
            return await GrainFactory.GetGrain<IUserKeysGrain>(_userId).GetKeyCountsAsync(deviceId);
        }
        catch (Exception ex)
        {
            Log.KeyCountsFailed(_logger, _userId, ex);
            return DeviceKeyCounts.Empty;
        }
    }

    private sealed record E2eeParts(
        IReadOnlyList<ToDeviceMessage> ToDevice,
        long ToDevicePosition,
        DeviceListChanges? DeviceLists,
        long DeviceListPosition,
        DeviceKeyCounts KeyCounts);
}
