using ClawChat.Grains.Interfaces.RoomDirectory;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Runtime;

namespace ClawChat.Grains.Rooms;

/// <summary>A local room alias (key: <c>#name:server</c>). The grain is the single writer, so "set unless taken"
/// is atomic without any storage-level uniqueness. It keeps the room's reverse index
/// (<see cref="IRoomLocalAliasesGrain"/>) in step after each change; the index never calls back.</summary>
[GrainType("room-alias")]
public sealed class RoomAliasGrain : Grain, IRoomAliasGrain
{
    private readonly IPersistentState<RoomAliasState> _state;

    public RoomAliasGrain([PersistentState("alias")] IPersistentState<RoomAliasState> state)
    {
        _state = state;
    }

    private string Alias => GetPrimaryKeyString();

    public async Task<bool> TrySetAsync(string roomId, string creator)
    {
        if (_state.State.RoomId is not null)
        {
            return string.Equals(_state.State.RoomId, roomId, StringComparison.Ordinal);
        }

        _state.State = new RoomAliasState { RoomId = roomId, Creator = creator };
        await _state.WriteStateAsync();
        await GrainFactory.GetGrain<IRoomLocalAliasesGrain>(roomId).AddAsync(Alias);
        return true;
    }

    public Task<RoomAliasTarget?> GetAsync() =>
        Task.FromResult(_state.State.RoomId is { } roomId ? new RoomAliasTarget(roomId, _state.State.Creator ?? string.Empty) : null);

    public async Task<bool> DeleteAsync()
    {
        if (_state.State.RoomId is not { } roomId)
        {
            return false;
        }

        await _state.ClearStateAsync();
        _state.State = new RoomAliasState();
        await GrainFactory.GetGrain<IRoomLocalAliasesGrain>(roomId).RemoveAsync(Alias);
        return true;
    }

    public async Task<bool> MoveAsync(string fromRoomId, string toRoomId)
    {
        if (!string.Equals(_state.State.RoomId, fromRoomId, StringComparison.Ordinal))
        {
            return false;
        }

        _state.State = new RoomAliasState { RoomId = toRoomId, Creator = _state.State.Creator };
        await _state.WriteStateAsync();
        await GrainFactory.GetGrain<IRoomLocalAliasesGrain>(fromRoomId).RemoveAsync(Alias);
        await GrainFactory.GetGrain<IRoomLocalAliasesGrain>(toRoomId).AddAsync(Alias);
        return true;
    }
}
