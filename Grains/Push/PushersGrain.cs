using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Push.Delivery;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Push;

/// <summary>
/// A user's pushers (see <see cref="IPushersGrain"/>; DIGEST §15). Notifications are handed to
/// <see cref="IPushDeliveryQueue"/> with a snapshot of the pushers and the turn ends: network I/O, retries and
/// back-off happen outside the grain, which only hears back when a gateway rejects a pushkey.
/// </summary>
[GrainType("pushers")]
public sealed partial class PushersGrain : Grain, IPushersGrain
{
    private readonly IPersistentState<PushersState> _state;
    private readonly IPushDeliveryQueue _delivery;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PushersGrain> _logger;

    public PushersGrain(
        [PersistentState("pushers")] IPersistentState<PushersState> state,
        IPushDeliveryQueue delivery,
        IOptions<PushOptions> options,
        TimeProvider time,
        ILogger<PushersGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _delivery = delivery;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    private List<Pusher> Pushers => _state.State.Pushers;

    private string UserId => GetPrimaryKeyString();

    public Task<IReadOnlyList<Pusher>> GetPushersAsync() => Task.FromResult<IReadOnlyList<Pusher>>([.. Pushers]);

    public async Task SetPusherAsync(SetPusherCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        PusherValidation.Identity(command);
        var index = Pushers.FindIndex(p => p.AppId == command.AppId && p.Pushkey == command.Pushkey);
        if (command.Kind is null)
        {
            if (index >= 0)
            {
                Pushers.RemoveAt(index);
                await _state.WriteStateAsync();
                await Owners(command.AppId, command.Pushkey).ReleaseAsync(UserId);
                Log.PusherRemoved(_logger, UserId, command.AppId, "deleted by the user");
            }

            return;
        }

        PusherValidation.ForCreation(command);
        if (index < 0 && Pushers.Count >= _options.MaxPushersPerUser)
        {
            throw MatrixException.Unknown($"A user may have at most {_options.MaxPushersPerUser} pushers.", 400);
        }

        var pusher = new Pusher(
            command.Pushkey,
            command.Kind,
            command.AppId,
            command.AppDisplayName!,
            command.DeviceDisplayName!,
            command.ProfileTag,
            command.Lang!,
            command.Data!.Value.Clone(),
            _time.GetUtcNow().ToUnixTimeSeconds(),
            command.DeviceId);
        if (index >= 0)
        {
            Pushers[index] = pusher;
        }
        else
        {
            Pushers.Add(pusher);
        }

        await _state.WriteStateAsync();
        await Owners(command.AppId, command.Pushkey).ClaimAsync(UserId, command.AppId, command.Pushkey, command.Append);
        Log.PusherSet(_logger, UserId, command.AppId, command.Append);
    }

    public async Task RemovePusherAsync(string appId, string pushkey)
    {
        if (await RemoveAsync(appId, pushkey))
        {
            await Owners(appId, pushkey).ReleaseAsync(UserId);
            Log.PusherRemoved(_logger, UserId, appId, "rejected by its push gateway");
        }
    }

    public async Task OnPushkeyTakenAsync(string appId, string pushkey)
    {
        if (await RemoveAsync(appId, pushkey))
        {
            Log.PusherRemoved(_logger, UserId, appId, "the pushkey was registered by another user");
        }
    }

    public async Task<int> RemoveDevicePushersAsync(string deviceId)
    {
        var removed = Pushers.Where(p => p.DeviceId == deviceId).ToList();
        if (removed.Count == 0)
        {
            return 0;
        }

        Pushers.RemoveAll(p => p.DeviceId == deviceId);
        await _state.WriteStateAsync();
        foreach (var pusher in removed)
        {
            await Owners(pusher.AppId, pusher.Pushkey).ReleaseAsync(UserId);
        }

        return removed.Count;
    }

    public Task NotifyAsync(PushNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (Pushers.Count > 0)
        {
            _delivery.Enqueue(new PushDeliveryJob(UserId, notice, [.. Pushers]));
        }

        return Task.CompletedTask;
    }

    private async Task<bool> RemoveAsync(string appId, string pushkey)
    {
        var index = Pushers.FindIndex(p => p.AppId == appId && p.Pushkey == pushkey);
        if (index < 0)
        {
            return false;
        }

        Pushers.RemoveAt(index);
        await _state.WriteStateAsync();
        return true;
    }

    private IPushkeyOwnersGrain Owners(string appId, string pushkey) =>
        GrainFactory.GetGrain<IPushkeyOwnersGrain>(PushkeyOwners.KeyOf(appId, pushkey));

    private static partial class Log
    {
        [LoggerMessage(7110, LogLevel.Information, "Pusher of {UserId} for app {AppId} set (append {Append})")]
        public static partial void PusherSet(ILogger logger, string userId, string appId, bool append);

        [LoggerMessage(7111, LogLevel.Information, "Pusher of {UserId} for app {AppId} removed: {Reason}")]
        public static partial void PusherRemoved(ILogger logger, string userId, string appId, string reason);
    }
}
