using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Ephemeral;

/// <summary>
/// A user's presence (see <see cref="IPresenceGrain"/>). Activity from every <c>/sync</c> only moves the in-memory
/// last-active time; a change of state or status message — or becoming active again after
/// <see cref="PresenceEvents.ActiveWindow"/> — is persisted and announced to the user's joined rooms, whose
/// ephemeral grains wake their members' sync streams (presence is sent to users sharing a room, DIGEST §6).
/// </summary>
[GrainType("presence")]
public sealed partial class PresenceGrain : Grain, IPresenceGrain
{
    private readonly IPersistentState<PresenceState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<PresenceGrain> _logger;
    private long _lastActiveTs;

    public PresenceGrain([PersistentState("presence")] IPersistentState<PresenceState> state, TimeProvider time, ILogger<PresenceGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastActiveTs = _state.State.LastActiveTs;
        return Task.CompletedTask;
    }

    public async Task SetAsync(string presence, string? statusMessage, bool fromSync)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var state = _state.State;
        var wasActive = IsActive(now);
        var changed = !string.Equals(state.Presence, presence, StringComparison.Ordinal)
            || (!fromSync && !string.Equals(state.StatusMessage, statusMessage, StringComparison.Ordinal));
        if (presence == PresenceStates.Online)
        {
            _lastActiveTs = now;
            changed |= !wasActive;
        }

        if (!changed)
        {
            return;
        }

        state.Presence = presence;
        if (!fromSync)
        {
            state.StatusMessage = statusMessage;
        }

        state.LastActiveTs = _lastActiveTs;
        await _state.WriteStateAsync();
        await AnnounceAsync();
    }

    public Task<PresenceInfo> GetAsync()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var presence = _state.State.Presence ?? PresenceStates.Offline;
        return Task.FromResult(new PresenceInfo(presence, _state.State.StatusMessage, _lastActiveTs, presence == PresenceStates.Online && IsActive(now)));
    }

    private bool IsActive(long now) => _lastActiveTs > 0 && now - _lastActiveTs < (long)PresenceEvents.ActiveWindow.TotalMilliseconds;

    private async Task AnnounceAsync()
    {
        var userId = GetPrimaryKeyString();
        try
        {
            foreach (var roomId in await GrainFactory.GetGrain<IUserRoomsGrain>(userId).GetJoinedRoomsAsync())
            {
                _ = GrainFactory.GetGrain<IRoomEphemeralGrain>(roomId).OnPresenceChangedAsync(userId);
            }
        }
        catch (Exception ex)
        {
            Log.AnnounceFailed(_logger, userId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3360, LogLevel.Warning, "Presence of {UserId} could not be announced to the user's rooms")]
        public static partial void AnnounceFailed(ILogger logger, string userId, Exception exception);
    }
}
