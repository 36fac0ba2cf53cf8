using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Rooms;

/// <summary>
/// The per-user room membership index (see <see cref="IUserRoomsGrain"/>). Room grains call it on every
/// membership change with the member event's stream position; a change at or below the recorded position is a
/// replay and ignored, so rooms may re-send after a restart. It never calls back into a room while a room is
/// calling it: <see cref="OnProfileChangedAsync"/> only produces join → join events, which do not notify.
/// </summary>
[GrainType("user-rooms")]
public sealed partial class UserRoomsGrain : Grain, IUserRoomsGrain
{
    private readonly IPersistentState<UserRoomsState> _state;
    private readonly ILogger<UserRoomsGrain> _logger;

    public UserRoomsGrain([PersistentState("rooms")] IPersistentState<UserRoomsState> state, ILogger<UserRoomsGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    private Dictionary<string, UserRoomEntry> Rooms => _state.State.Rooms;

    public async Task UpdateMembershipAsync(string roomId, string membership, long position)
    {
        if (Rooms.TryGetValue(roomId, out var existing) && existing.Position >= position)
        {
            return;
        }

        Rooms[roomId] = new UserRoomEntry(membership, position);
        await _state.WriteStateAsync();
    }

    public async Task<bool> ForgetAsync(string roomId)
    {
        if (!Rooms.TryGetValue(roomId, out var existing))
        {
            return true;
        }

        if (existing.Membership is Membership.Join or Membership.Invite or Membership.Knock)
        {
            return false;
        }

        if (!existing.Forgotten)
        {
            Rooms[roomId] = existing with { Forgotten = true };
            await _state.WriteStateAsync();
        }

        return true;
    }

    public Task<IReadOnlyList<string>> GetJoinedRoomsAsync()
    {
        IReadOnlyList<string> joined = [.. Rooms.Where(r => r.Value.Membership == Membership.Join).Select(r => r.Key)];
        return Task.FromResult(joined);
    }

    public Task<IReadOnlyList<UserRoomMembership>> GetRoomsAsync()
    {
        IReadOnlyList<UserRoomMembership> rooms = [.. Rooms
            .Where(r => !r.Value.Forgotten)
            .Select(r => new UserRoomMembership(r.Key, r.Value.Membership, r.Value.Position))];
        return Task.FromResult(rooms);
    }

    public async Task<int> OnProfileChangedAsync(string? displayName, string? avatarUrl)
    {
        var userId = GetPrimaryKeyString();
        var joined = Rooms.Where(r => r.Value.Membership == Membership.Join).Select(r => r.Key).ToList();
        var updates = joined.Select(async roomId =>
        {
            try
            {
                return await GrainFactory.GetGrain<IRoomGrain>(roomId).UpdateMemberProfileAsync(userId, displayName, avatarUrl) is not null;
            }
            catch (Exception ex)
            {
                // One room refusing (e.g. the user may no longer change their member event) must not stop the others.
                Log.ProfileUpdateFailed(_logger, userId, roomId, ex);
                return false;
            }
        });
        var results = await Task.WhenAll(updates);
        return results.Count(updated => updated);
    }

    private static partial class Log
    {
        [LoggerMessage(3100, LogLevel.Warning, "Profile update of {UserId} in {RoomId} failed")]
        public static partial void ProfileUpdateFailed(ILogger logger, string userId, string roomId, Exception exception);
    }
}
