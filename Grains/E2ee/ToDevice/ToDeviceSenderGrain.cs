using System.Text.Json;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.ToDevice;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.E2ee.ToDevice;

/// <summary>
/// Routes a user's send-to-device requests (see <see cref="IToDeviceSenderGrain"/>; DIGEST §13). Stateless: the
/// targets are resolved first (one device-list read per target user, so <c>*</c> means the devices at send time),
/// the total is checked against <see cref="MaxTargetDevices"/> before anything is enqueued, then every inbox gets
/// its message — at most <see cref="Parallelism"/> at a time. Reentrant: requests of one user do not queue behind
/// each other, and the inboxes' duplicate detection makes concurrent retries of one transaction harmless.
/// </summary>
[GrainType("to-device-sender")]
[Reentrant]
public sealed partial class ToDeviceSenderGrain : Grain, IToDeviceSenderGrain
{
    /// <summary>Target devices per request at most (after <c>*</c> is expanded).</summary>
    public const int MaxTargetDevices = 10_000;

    private const int Parallelism = 64;

    private readonly ServerName _localServer;
    private readonly ILogger<ToDeviceSenderGrain> _logger;

    public ToDeviceSenderGrain(IOptions<ClawChatOptions> options, ILogger<ToDeviceSenderGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _localServer = ServerName.Parse(options.Value.ServerName);
        _logger = logger;
    }

    public async Task<SendToDeviceResult> SendAsync(SendToDeviceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sender = GetPrimaryKeyString();
        var local = new List<(string UserId, IReadOnlyDictionary<string, JsonElement> Devices)>(request.Messages.Count);
        var remote = 0;
        foreach (var (userId, devices) in request.Messages)
        {
            if (!UserId.TryParse(userId, out var target))
            {
                throw MatrixException.BadJson("'messages' keys must be user IDs.");
            }

            if (target.Server != _localServer)
            {
                // Federation (m.direct_to_device EDUs) comes later.
                Log.RemoteSkipped(_logger, sender, target.Server.ToString(), devices.Count);
                remote += devices.Count;
                continue;
            }

            local.Add((userId, devices));
        }

        var targets = new List<(string UserId, string DeviceId, JsonElement Content)>();
        var unknown = 0;
        for (var i = 0; i < local.Count; i += Parallelism)
        {
            var batch = local.GetRange(i, Math.Min(Parallelism, local.Count - i));
            var existing = await Task.WhenAll(batch.Select(t => GrainFactory.GetGrain<IUserGrain>(t.UserId).GetDevicesAsync()));
            for (var j = 0; j < batch.Count; j++)
            {
                unknown += Resolve(batch[j].UserId, batch[j].Devices, existing[j], targets);
            }

            if (targets.Count > MaxTargetDevices)
            {
                throw MatrixException.TooLarge($"A send-to-device request may reach at most {MaxTargetDevices} devices.");
            }
        }

        var messageId = sender + "|" + request.SenderDeviceId + "|" + request.TxnId;
        var enqueued = 0;
        for (var i = 0; i < targets.Count; i += Parallelism)
        {
            var batch = targets.GetRange(i, Math.Min(Parallelism, targets.Count - i));
            var results = await Task.WhenAll(batch.Select(t => GrainFactory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(t.UserId, t.DeviceId))
                .EnqueueAsync(new ToDeviceMessage(sender, request.EventType, t.Content, messageId))));
            enqueued += results.Count(r => r);
        }

        Log.Sent(_logger, sender, request.EventType, enqueued, targets.Count - enqueued, unknown);
        return new SendToDeviceResult(enqueued, targets.Count - enqueued, unknown, remote);
    }

    /// <summary>Adds the devices of one target user that exist; an explicit device ID wins over <c>*</c>. Returns how
    /// many named devices do not exist.</summary>
    private static int Resolve(string userId, IReadOnlyDictionary<string, JsonElement> requested, IReadOnlyList<DeviceInfo> existing, List<(string, string, JsonElement)> targets)
    {
        var known = existing.Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
        var contents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (requested.TryGetValue("*", out var all))
        {
            foreach (var deviceId in known)
            {
                contents[deviceId] = all;
            }
        }

        var unknown = 0;
        foreach (var (deviceId, content) in requested)
        {
            if (deviceId == "*")
            {
                continue;
            }

            if (known.Contains(deviceId))
            {
                contents[deviceId] = content;
            }
            else
            {
                unknown++;
            }
        }

        foreach (var (deviceId, content) in contents)
        {
            targets.Add((userId, deviceId, content));
        }

        return unknown;
    }

    private static partial class Log
    {
        [LoggerMessage(3725, LogLevel.Debug, "To-device from {UserId} to {Count} devices on {Server} skipped: federation is not available")]
        public static partial void RemoteSkipped(ILogger logger, string userId, string server, int count);

        [LoggerMessage(3726, LogLevel.Debug, "To-device {EventType} from {UserId}: {Enqueued} enqueued, {Duplicates} duplicates, {Unknown} unknown devices")]
        public static partial void Sent(ILogger logger, string userId, string eventType, int enqueued, int duplicates, int unknown);
    }
}
